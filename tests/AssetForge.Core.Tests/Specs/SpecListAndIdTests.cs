namespace AssetForge.Core.Tests.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;

public sealed class SpecListAndIdTests
{
    [Test]
    public void A_list_file_gives_one_asset_per_item_in_order()
    {
        using var project = new TempProject();
        project.Write("props.yaml", """
            - id: props/potion-red
              prompt: red potion
              seed: 1
            - id: props/potion-blue
              prompt: blue potion
              seed: 2
            """);

        var result = project.LoadAll();

        Assert.That(result.Assets.Select(a => (a.Id, a.Output, a.Seed)), Is.EqualTo(new[]
        {
            ("props/potion-red", "props/potion-red.png", 1UL),
            ("props/potion-blue", "props/potion-blue.png", 2UL),
        }));
    }

    [Test]
    public void A_bad_list_item_fails_alone()
    {
        using var project = new TempProject();
        project.Write("props.yaml", """
            - id: a
              prompt: red potion
              seed: 1
            - id: b
              prompt: blue potion
              seed: 1
              steps: 0
            - id: c
              prompt: green potion
              seed: 1
            """);

        var result = project.LoadAll();

        Assert.Multiple(() =>
        {
            Assert.That(result.Assets.Select(a => a.Id), Is.EqualTo(new[] { "a", "c" }));
            Assert.That(result.FailedAssetCount, Is.EqualTo(1));
            Assert.That(result.Diagnostics.Single().Code, Is.EqualTo(DiagnosticCodes.OutOfRange));
        });
    }

    [Test]
    public void A_duplicate_key_fails_only_the_list_item_it_is_in()
    {
        using var project = new TempProject();
        project.Write("props.yaml", "- { id: a, prompt: red, seed: 1 }\n- { id: b, prompt: red, prompt: blue, seed: 1 }\n");

        var result = project.LoadAll();

        Assert.Multiple(() =>
        {
            Assert.That(result.Assets.Select(a => a.Id), Is.EqualTo(new[] { "a" }));
            Assert.That(result.Diagnostics.Single().Code, Is.EqualTo(DiagnosticCodes.DuplicateKey));
        });
    }

    [Test]
    public void The_default_id_is_the_project_relative_path_without_extension()
    {
        using var project = new TempProject();
        project.Write("props/potions/red.yml", "prompt: red potion\nseed: 1\n");

        var asset = project.LoadAll().Assets.Single();

        Assert.That((asset.Id, asset.Output), Is.EqualTo(("props/potions/red", "props/potions/red.png")));
    }

    [Test]
    public void Output_paths_are_normalised_to_forward_slashes_without_dot_segments()
    {
        using var project = new TempProject();
        project.Write("potion.yaml", "prompt: red potion\nseed: 1\noutput: '.\\icons\\\\potion.PNG'\n");

        Assert.That(project.LoadAll().Assets.Single().Output, Is.EqualTo("icons/potion.PNG"));
    }

    [Test]
    public void Two_files_writing_the_same_output_both_fail_with_an_error_at_each()
    {
        using var project = new TempProject();
        var a = project.Write("a.yaml", "prompt: red potion\nseed: 1\noutput: shared/potion.png\n");
        var b = project.Write("b.yaml", "prompt: blue potion\nseed: 1\noutput: Shared/Potion.png\n");
        project.Write("c.yaml", "prompt: green potion\nseed: 1\n");

        var result = project.LoadAll();

        var errors = result.Diagnostics.Where(d => d.Code == DiagnosticCodes.DuplicateOutput).Select(d => d.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Assets.Select(x => x.Id), Is.EqualTo(new[] { "c" }));
            Assert.That(result.FailedAssetCount, Is.EqualTo(2));
            Assert.That(errors, Has.Count.EqualTo(2));
            Assert.That(errors[0], Does.StartWith($"{a}(3,9): error AF1201:").And.Contain($"{b}(3,9)"));
            Assert.That(errors[1], Does.StartWith($"{b}(3,9): error AF1201:").And.Contain($"{a}(3,9)"));
        });
    }

    [Test]
    public void Two_files_with_the_same_id_both_fail_with_an_error_at_each()
    {
        using var project = new TempProject();
        var a = project.Write("a.yaml", "id: potion\nprompt: red potion\nseed: 1\noutput: a.png\n");
        var b = project.Write("b.yaml", "id: potion\nprompt: blue potion\nseed: 1\noutput: b.png\n");

        var result = project.LoadAll();

        var errors = result.Diagnostics.Where(d => d.Code == DiagnosticCodes.DuplicateId).Select(d => d.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Assets, Is.Empty);
            Assert.That(errors, Is.EqualTo(new[]
            {
                $"{a}(1,5): error AF1202: The id 'potion' is also used by the asset at {b}(1,5); ids must be unique.",
                $"{b}(1,5): error AF1202: The id 'potion' is also used by the asset at {a}(1,5); ids must be unique.",
            }));
        });
    }

    [Test]
    public void A_default_output_that_collides_points_at_the_asset()
    {
        using var project = new TempProject();
        var a = project.Write("potion.yaml", "prompt: red potion\nseed: 1\n");
        project.Write("other.yaml", "prompt: blue potion\nseed: 1\noutput: potion.png\n");

        var result = project.LoadAll();

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Has.One.StartWith($"{a}(1,1): error AF1201: The output 'potion.png'"));
    }

    [Test]
    public void Load_reads_only_the_files_it_is_given()
    {
        using var project = new TempProject();
        var a = project.Write("a.yaml", "prompt: red potion\nseed: 1\n");
        project.Write("b.yaml", "prompt: [broken\n");
        var loader = new SpecLoader(project.Config(), TempProject.Known);

        var result = loader.Load([a], CancellationToken.None);

        Assert.That((result.Assets.Single().Id, result.Diagnostics.Count), Is.EqualTo(("a", 0)));
    }

    [Test]
    public void Loading_stops_when_cancelled()
    {
        using var project = new TempProject();
        var a = project.Write("a.yaml", "prompt: red potion\nseed: 1\n");
        var loader = new SpecLoader(project.Config(), TempProject.Known);

        Assert.That(() => loader.Load([a], new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
    }
}
