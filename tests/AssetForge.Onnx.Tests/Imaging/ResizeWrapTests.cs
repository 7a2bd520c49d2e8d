namespace AssetForge.Onnx.Tests.Imaging;

using AssetForge.Abstractions.PostProcessing;
using AssetForge.Onnx.Imaging.PostSteps;
using AssetForge.Onnx.Tests.Support;
using static AssetForge.Onnx.Tests.Imaging.StepImages;

/// <summary>
/// resize with wrap: a tiling image still tiles afterwards, by the seam measure the tiling tests use.
/// With the half-pixel convention the wrapped edge always falls midway between two source pixels,
/// where interpolated noise changes fastest, so even a perfect wrap measures above the interior
/// mean (1.0-1.6 here); clamping measures 4-6. That the wrap is exact is the tiled-copy test's job.
/// </summary>
public sealed class ResizeWrapTests
{
    private const double Seamless = 1.75;
    private const double Seam = 3;

    [TestCase("mitchell")]
    [TestCase("catmull_rom")]
    [TestCase("linear")]
    [TestCase("lanczos")]
    public void Upscaling_with_wrap_leaves_no_seam(string filter)
    {
        var seam = SeamMeasure.Of(RunEncoded(new ResizeStep(), TilingNoise(24, 24, 7), ("size", "100x100"), ("filter", filter), ("wrap", "xy")));

        TestContext.Out.WriteLine($"{filter}, wrap: {seam}");
        Assert.That(seam.EdgeX, Is.LessThanOrEqualTo(Seamless * seam.InteriorX));
        Assert.That(seam.EdgeY, Is.LessThanOrEqualTo(Seamless * seam.InteriorY));
    }

    [TestCase("mitchell")]
    [TestCase("lanczos")]
    public void Upscaling_with_clamped_edges_shows_the_seam(string filter)
    {
        var seam = SeamMeasure.Of(RunEncoded(new ResizeStep(), TilingNoise(24, 24, 7), ("size", "100x100"), ("filter", filter)));

        TestContext.Out.WriteLine($"{filter}, clamped: {seam}");
        Assert.That(seam.EdgeX, Is.GreaterThan(Seam * seam.InteriorX));
        Assert.That(seam.EdgeY, Is.GreaterThan(Seam * seam.InteriorY));
    }

    [TestCase("mitchell", 1)]
    [TestCase("lanczos", 1)]
    public void Wrapping_gives_the_centre_of_the_resized_three_by_three_tiling(string filter, int tolerance)
    {
        var tile = TilingNoise(24, 24, 9);
        var tiled = Solid(72, 72, 0, 0, 0, 255);
        for (var y = 0; y < 72; y++)
        {
            tile.Pixels.AsSpan(((y % 24) * 24) * 4, 24 * 4).CopyTo(tiled.Pixels.AsSpan(y * 72 * 4));
            tile.Pixels.AsSpan(((y % 24) * 24) * 4, 24 * 4).CopyTo(tiled.Pixels.AsSpan(((y * 72) + 24) * 4));
            tile.Pixels.AsSpan(((y % 24) * 24) * 4, 24 * 4).CopyTo(tiled.Pixels.AsSpan(((y * 72) + 48) * 4));
        }

        var wrapped = Run(new ResizeStep(), tile, ("size", "100x100"), ("filter", filter), ("wrap", "xy"));
        var large = Run(new ResizeStep(), tiled, ("size", "300x300"), ("filter", filter));

        var worst = 0;
        for (var y = 0; y < 100; y++)
        {
            for (var x = 0; x < 100; x++)
            {
                for (var c = 0; c < 4; c++)
                {
                    worst = Math.Max(worst, Math.Abs(wrapped.Pixels[(((y * 100) + x) * 4) + c] - large.Pixels[((((y + 100) * 300) + x + 100) * 4) + c]));
                }
            }
        }

        TestContext.Out.WriteLine($"{filter}: largest channel difference {worst}");
        Assert.That(worst, Is.LessThanOrEqualTo(tolerance));
    }

    [Test]
    public void Wrapping_one_axis_leaves_the_other_clamped()
    {
        var seam = SeamMeasure.Of(RunEncoded(new ResizeStep(), TilingNoise(24, 24, 7), ("size", "100x100"), ("wrap", "x")));

        Assert.That(seam.EdgeX, Is.LessThanOrEqualTo(Seamless * seam.InteriorX));
        Assert.That(seam.EdgeY, Is.GreaterThan(Seam * seam.InteriorY));
    }

    [Test]
    public void Wrap_none_is_left_out_of_the_canonical_parameters_so_older_keys_hold()
    {
        var step = new ResizeStep();

        var written = step.Validate(Parameters(("size", "64x64"), ("wrap", "none")));

        Assert.That(written.Values, Is.EqualTo(step.Validate(Parameters(("size", "64x64"))).Values));
        Assert.That(written.Get("wrap"), Is.Null);
    }

    [Test]
    public void The_host_fills_wrap_from_tiling_through_the_tiling_parameter()
    {
        ITilingAwarePostStep step = new ResizeStep();

        Assert.That(step.TilingParameter, Is.EqualTo("wrap"));
        Assert.That(step.Validate(Parameters(("size", "64x64"), (step.TilingParameter, "xy"))).Get("wrap"), Is.EqualTo("xy"));
    }
}
