namespace AssetForge.Core.Tests.Build;

using System.Reflection;
using AssetForge.Core.Build;

/// <summary>
/// A model entry's <c>prediction_type:</c> replaces the one in the model folder's scheduler config:
/// it changes what the scheduler does, so the images and the keys of exactly that model's assets.
/// Runs on the tiny SD 1.x-layout reference checkpoint (tests/reference/checkpoints).
/// </summary>
[Category("Slow")]
public sealed class PredictionTypeTests
{
    private static readonly string Checkpoint = Path.Combine(
        typeof(PredictionTypeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "tests", "reference", "checkpoints", "sd1");

    [Test]
    public async Task An_explicit_v_prediction_changes_that_models_images_and_makes_only_its_assets_stale()
    {
        using var project = new EngineProject(Config("epsilon"));
        project.Write("specs/a.yaml", EngineProject.Spec("a", "red potion") + "model: a\n");
        project.Write("specs/b.yaml", EngineProject.Spec("b", "red potion") + "model: b\n");
        var first = await project.BuildAsync();

        // Until then a and b have one key (same folder, same fields): one generation serves both.
        Assert.That((first.Generated, first.Failed), Is.EqualTo((1, 0)), () => string.Join("\n", first.Diagnostics));
        var epsilon = File.ReadAllBytes(project.Output("a.png"));
        Assert.That(File.ReadAllBytes(project.Output("b.png")), Is.EqualTo(epsilon));

        project.Write("assetforge.yaml", Config("v_prediction"));
        var status = (await project.StatusAsync()).Entries.ToDictionary(e => e.AssetId);
        var second = await project.BuildAsync();

        Assert.That(status["a"].State, Is.EqualTo(AssetState.Stale));
        Assert.That(status["b"].State, Is.EqualTo(AssetState.Current));
        Assert.That(second.Generated, Is.EqualTo(1), () => string.Join("\n", second.Diagnostics));
        Assert.That(File.ReadAllBytes(project.Output("a.png")), Is.Not.EqualTo(epsilon));
    }

    private static string Config(string predictionType) => $$"""
        models:
          a: { path: {{Checkpoint}}, prediction_type: {{predictionType}} }
          b: {{Checkpoint}}
        defaults:
          width: 16
          height: 16
          steps: 2
          scheduler: euler
        """;
}
