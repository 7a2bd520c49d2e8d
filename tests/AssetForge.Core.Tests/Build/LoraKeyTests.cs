namespace AssetForge.Core.Tests.Build;

using System.Reflection;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;

/// <summary>
/// A spec's LoRAs are merged into its compiled checkpoint, so they are in its key through the
/// model's fingerprint: changing one's scale makes exactly the assets that use it stale. Runs on
/// the tiny SD 1.x-layout reference checkpoint and its kohya LoRA (tests/reference/checkpoints).
/// </summary>
[Category("Slow")]
public sealed class LoraKeyTests
{
    private static readonly string ReferenceDirectory = Path.Combine(
        typeof(LoraKeyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "tests", "reference", "checkpoints");

    [Test]
    public async Task Changing_a_spec_loras_scale_makes_only_that_asset_stale_and_names_the_model()
    {
        using var project = new EngineProject($"""
            models:
              sd1: {Path.Combine(ReferenceDirectory, "sd1")}
            defaults:
              model: sd1
              width: 16
              height: 16
              steps: 2
              scheduler: euler
            """);
        File.Copy(Path.Combine(ReferenceDirectory, "lora", "kohya.safetensors"), project.Write("specs/loras/ink.safetensors", string.Empty), overwrite: true);
        project.Write("specs/inked.yaml", EngineProject.Spec("inked", "red potion") + "loras: [ { file: loras/ink.safetensors, scale: 1.0 } ]\n");
        project.Write("specs/plain.yaml", EngineProject.Spec("plain", "red potion"));
        var first = await project.BuildAsync();
        Assert.That(first.Generated, Is.EqualTo(2), () => string.Join("\n", first.Diagnostics));

        project.Write("specs/inked.yaml", EngineProject.Spec("inked", "red potion") + "loras: [ { file: loras/ink.safetensors, scale: 0.5 } ]\n");
        var status = (await project.StatusAsync()).Entries.ToDictionary(e => e.AssetId);

        Assert.That((status["inked"].State, string.Join(",", status["inked"].ChangedFields)), Is.EqualTo((AssetState.Stale, "model")));
        Assert.That(status["plain"].State, Is.EqualTo(AssetState.Current));
    }

    [Test]
    public async Task A_spec_lora_on_a_model_that_is_not_a_checkpoint_fails_that_asset_at_its_loras_field()
    {
        using var project = new EngineProject();
        File.Copy(Path.Combine(ReferenceDirectory, "lora", "kohya.safetensors"), project.Write("ink.safetensors", string.Empty), overwrite: true);
        project.Write("inked.yaml", EngineProject.Spec("inked", "red potion") + "loras: [ { file: ink.safetensors } ]\n");
        project.Write("plain.yaml", EngineProject.Spec("plain", "red potion"));

        var summary = await project.BuildAsync();

        Assert.That((summary.Generated, summary.Failed), Is.EqualTo((1, 1)));
        var error = summary.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.LoraUnmatched));
        Assert.That((Path.GetFileName(error.Location!.Value.Path), error.Location.Value.Line, error.Location.Value.Column), Is.EqualTo(("inked.yaml", 5, 8)));
        Assert.That(error.Message, Does.Contain("LoRAs can only be merged into a checkpoint"));
    }
}
