namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;

/// <summary>
/// <c>builtin:tiny-v</c>, the tiny model configured for v-prediction as Stable Diffusion 2.x 768
/// models are, runs through the whole engine and is keyed apart from <c>builtin:tiny</c>.
/// </summary>
[Category("Slow")]
public sealed class VPredictionModelTests
{
    private EngineProject _project = null!;
    private BuildSummary _summary = null!;

    [OneTimeSetUp]
    public async Task BuildBothModels()
    {
        _project = new EngineProject();
        _project.Write("specs/eps.yaml", EngineProject.Spec("eps", "green slime", seed: 5) + "model: builtin:tiny\n");
        _project.Write("specs/v.yaml", EngineProject.Spec("v", "green slime", seed: 5) + "model: builtin:tiny-v\n");
        _summary = await _project.BuildAsync();
    }

    [OneTimeTearDown]
    public void TearDown() => _project.Dispose();

    [Test]
    public void A_v_prediction_model_generates()
    {
        Assert.That(_summary.Generated, Is.EqualTo(2), () => string.Join("\n", _summary.Diagnostics));
        Assert.That(File.Exists(_project.Output("v.png")), Is.True);
    }

    [Test]
    public void Its_key_differs_from_the_epsilon_model_for_the_same_spec()
    {
        var entries = LockFile.Load(_project.Root).Entries;

        Assert.That(entries["v"].Key, Is.Not.EqualTo(entries["eps"].Key));
    }

    [Test]
    public void Its_model_config_asks_for_v_prediction()
    {
        var config = Directory.GetFiles(_project.Path(".assetforge/cache/models"), "scheduler_config.json", SearchOption.AllDirectories)
            .Single(path => path.Contains("builtin-tiny-v-", StringComparison.Ordinal));

        Assert.That(File.ReadAllText(config), Does.Contain("\"prediction_type\": \"v_prediction\""));
    }

    [Test]
    public void The_v_prediction_path_changes_the_pixels()
    {
        Assert.That(File.ReadAllBytes(_project.Output("v.png")), Is.Not.EqualTo(File.ReadAllBytes(_project.Output("eps.png"))));
    }
}
