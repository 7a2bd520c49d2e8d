namespace AssetForge.Core.Tests.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;

/// <summary><c>loras:</c> in a spec and under <c>defaults:</c>: where its files are, and what is refused at the field.</summary>
public sealed class LoraFieldTests
{
    private const string Asset = "prompt: red potion\nseed: 1\n";

    [Test]
    public void A_spec_lora_is_found_next_to_the_spec_first_then_from_the_project_root_in_the_order_written()
    {
        using var project = new TempProject();
        var beside = project.Write("props/ink.safetensors", "x");
        var root = project.Write("loras/paper.safetensors", "x");
        project.Write("props/potion.yaml", Asset + "loras: [ { file: ink.safetensors, scale: 0.8 }, { file: loras/paper.safetensors } ]\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.That(asset.Loras.Select(l => (l.Path, l.Scale)), Is.EqualTo(new[] { (beside, 0.8), (root, 1.0) }));
    }

    [Test]
    public void Default_loras_apply_to_a_spec_that_writes_none_relative_to_the_project()
    {
        using var project = new TempProject();
        var ink = project.Write("loras/ink.safetensors", "x");
        project.Write(ProjectConfigLoader.FileName, "defaults:\n  loras: [ { file: loras/ink.safetensors, scale: 0.5 } ]\n");
        project.Write("props/potion.yaml", Asset);

        var asset = project.LoadAll().Assets.Single();

        Assert.That(asset.Loras.Select(l => (l.Path, l.Scale)), Is.EqualTo(new[] { (ink, 0.5) }));
    }

    [Test]
    public void A_spec_list_replaces_the_default_loras_and_an_empty_one_removes_them()
    {
        using var project = new TempProject();
        project.Write("loras/ink.safetensors", "x");
        var paper = project.Write("loras/paper.safetensors", "x");
        project.Write(ProjectConfigLoader.FileName, "defaults:\n  loras: [ { file: loras/ink.safetensors } ]\n");
        project.Write("paper.yaml", Asset + "loras: [ { file: loras/paper.safetensors, scale: 0.3 } ]\n");
        project.Write("plain.yaml", Asset + "loras: []\n");

        var assets = project.LoadAll().Assets.ToDictionary(a => a.Id);

        Assert.That(assets["paper"].Loras.Select(l => (l.Path, l.Scale)), Is.EqualTo(new[] { (paper, 0.3) }));
        Assert.That(assets["plain"].Loras, Is.Empty);
    }

    [Test]
    public void A_spec_lora_outside_the_project_is_an_error_at_its_file()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", Asset + "loras:\n  - { file: ../../ink.safetensors, scale: 0.8 }\n");

        var result = project.LoadAll();

        Assert.That(result.Assets, Is.Empty);
        var error = result.Diagnostics.Single();
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.PathOutsideProject));
        Assert.That((error.Location!.Value.Line, error.Location.Value.Column), Is.EqualTo((4, 13)));
    }

    [Test]
    public void A_missing_spec_lora_is_an_error_at_its_file_naming_where_it_looked()
    {
        using var project = new TempProject();
        project.Write("props/potion.yaml", Asset + "loras: [ { file: ink.safetensors } ]\n");

        var error = project.LoadAll().Diagnostics.Single();

        Assert.That(error.ToString(), Does.Contain("potion.yaml(3,18): error AF1126: The LoRA 'ink.safetensors' does not exist (looked for "));
        Assert.That(error.Message, Does.Contain(project.Path("props/ink.safetensors")).And.Contain(project.Path("ink.safetensors")));
    }

    [Test]
    public void A_spec_lora_that_is_a_folder_is_an_error()
    {
        using var project = new TempProject();
        project.CreateFolder("ink.safetensors");
        project.Write("potion.yaml", Asset + "loras: [ { file: ink.safetensors } ]\n");

        var error = project.LoadAll().Diagnostics.Single();

        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.LoraFileUnusable));
        Assert.That(error.Message, Does.Contain("is a folder"));
    }

    [Test]
    public void An_empty_spec_lora_is_an_error()
    {
        using var project = new TempProject();
        project.Write("ink.safetensors", string.Empty);
        project.Write("potion.yaml", Asset + "loras: [ { file: ink.safetensors } ]\n");

        var error = project.LoadAll().Diagnostics.Single();

        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.LoraFileUnusable));
        Assert.That(error.Message, Does.Contain("it is empty"));
    }

    [Test]
    public void A_missing_default_lora_makes_the_config_an_error_at_its_file()
    {
        using var project = new TempProject();
        project.Write(ProjectConfigLoader.FileName, "defaults:\n  loras: [ { file: loras/ink.safetensors } ]\n");

        var result = project.LoadConfig();

        Assert.That(result.Config, Is.Null);
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Has.Some.Contains("assetforge.yaml(2,20): error AF1126: The LoRA 'loras/ink.safetensors' does not exist"));
    }

    [Test]
    public void A_lora_scale_that_is_not_a_number_is_an_error_at_the_scale()
    {
        using var project = new TempProject();
        project.Write("ink.safetensors", "x");
        project.Write("potion.yaml", Asset + "loras: [ { file: ink.safetensors, scale: strong } ]\n");

        var error = project.LoadAll().Diagnostics.Single();

        Assert.That(error.ToString(), Does.Contain("potion.yaml(3,42): error AF1103: 'scale' of a LoRA must be a finite number"));
    }

    [Test]
    public void Loras_that_are_not_a_list_are_an_error()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", Asset + "loras: ink.safetensors\n");

        var error = project.LoadAll().Diagnostics.Single();

        Assert.That(error.Message, Does.Contain("'loras' must be a list of { file, scale }"));
    }
}
