namespace AssetForge.Onnx.Tests.Pipeline;

using AssetForge.Abstractions.Models;
using AssetForge.Onnx.Tests.Support;

public sealed class TilingTests
{
    private IModelSession _session = null!;

    [OneTimeSetUp]
    public void OpenTinyModel() =>
        _session = new OnnxModelBackend().Open(new ModelSessionOptions(TinyModelFixture.Directory, "cpu"));

    [OneTimeTearDown]
    public void CloseTinyModel() => _session.Dispose();

    [TestCase(42UL)]
    [TestCase(7UL)]
    public async Task A_tiling_image_is_no_more_different_across_its_edges_than_between_neighbouring_pixels(ulong seed)
    {
        var seam = SeamMeasure.Of(await GenerateAsync(seed, TilingAxes.Both));
        TestContext.Out.WriteLine($"tiling on, seed {seed}: {seam}");
        Assert.That(seam.EdgeX, Is.LessThanOrEqualTo(1.5 * seam.InteriorX));
        Assert.That(seam.EdgeY, Is.LessThanOrEqualTo(1.5 * seam.InteriorY));
    }

    [TestCase(42UL)]
    [TestCase(7UL)]
    public async Task Without_tiling_the_edges_differ_clearly_more_than_neighbouring_pixels(ulong seed)
    {
        var seam = SeamMeasure.Of(await GenerateAsync(seed, TilingAxes.None));
        TestContext.Out.WriteLine($"tiling off, seed {seed}: {seam}");
        Assert.That(seam.EdgeX, Is.GreaterThan(2 * seam.InteriorX));
        Assert.That(seam.EdgeY, Is.GreaterThan(2 * seam.InteriorY));
    }

    [Test]
    public async Task Tiling_x_wraps_only_horizontally()
    {
        var seam = SeamMeasure.Of(await GenerateAsync(42, TilingAxes.X));
        TestContext.Out.WriteLine($"tiling x: {seam}");
        Assert.That(seam.EdgeX, Is.LessThanOrEqualTo(1.5 * seam.InteriorX));
        Assert.That(seam.EdgeY, Is.GreaterThan(2 * seam.InteriorY));
    }

    [Test]
    public async Task Tiling_y_wraps_only_vertically()
    {
        var seam = SeamMeasure.Of(await GenerateAsync(42, TilingAxes.Y));
        TestContext.Out.WriteLine($"tiling y: {seam}");
        Assert.That(seam.EdgeY, Is.LessThanOrEqualTo(1.5 * seam.InteriorY));
        Assert.That(seam.EdgeX, Is.GreaterThan(2 * seam.InteriorX));
    }

    [Test]
    public async Task Tiling_and_ordinary_jobs_in_one_call_each_get_their_own_graphs()
    {
        var alone = await GenerateAsync(42, TilingAxes.Both);
        var ordinary = await GenerateAsync(42, TilingAxes.None);
        var mixed = await _session.GenerateAsync([Job(42, TilingAxes.None), Job(42, TilingAxes.Both)], null, CancellationToken.None);
        Assert.That((mixed[0].Png, mixed[1].Png), Is.EqualTo((ordinary, alone)));
        Assert.That(alone, Is.Not.EqualTo(ordinary));
    }

    private async Task<byte[]> GenerateAsync(ulong seed, TilingAxes tiling) =>
        (await _session.GenerateAsync([Job(seed, tiling)], null, CancellationToken.None))[0].Png;

    private static ImageJob Job(ulong seed, TilingAxes tiling) =>
        TinyModelFixture.Job(seed: seed, steps: 8, size: 128) with { Tiling = tiling };
}
