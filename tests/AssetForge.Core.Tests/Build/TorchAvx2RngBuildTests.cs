namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;

/// <summary><c>rng: torch-avx2</c> end to end: an asset with it generates (it used to fail) and keys apart from <c>rng: torch</c>.</summary>
[Category("Slow")]
public sealed class TorchAvx2RngBuildTests
{
    private const string Spec = """
        id: potion
        output: props/potion.png
        prompt: "red potion"
        seed: 7
        steps: 3
        width: 64
        height: 64
        scheduler: euler_ancestral

        """;

    private EngineProject _project = null!;

    [SetUp]
    public void SetUp() => _project = new EngineProject();

    [TearDown]
    public void TearDown() => _project.Dispose();

    [Test]
    public async Task An_asset_with_rng_torch_avx2_is_generated()
    {
        _project.Write("specs/potion.yaml", Spec + "rng: torch-avx2\n");

        var summary = await _project.BuildAsync();

        Assert.That(summary.Generated, Is.EqualTo(1), () => string.Join("\n", summary.Diagnostics));
        Assert.That(File.Exists(_project.Output("props/potion.png")), Is.True);
    }

    [Test]
    public async Task Switching_from_rng_torch_to_torch_avx2_makes_the_asset_stale()
    {
        _project.Write("specs/potion.yaml", Spec + "rng: torch\n");
        var first = await _project.BuildAsync();
        Assert.That(first.Generated, Is.EqualTo(1), () => string.Join("\n", first.Diagnostics));

        _project.Write("specs/potion.yaml", Spec + "rng: torch-avx2\n");
        var status = await _project.StatusAsync();

        var entry = status.Entries.Single(e => e.AssetId == "potion");
        Assert.That((entry.State, string.Join(",", entry.ChangedFields)), Is.EqualTo((AssetState.Stale, "rng")));
    }
}
