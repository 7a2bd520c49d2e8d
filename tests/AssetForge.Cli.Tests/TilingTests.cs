namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>A <c>tiling:</c> spec builds into a texture that shows no seam when placed 2×2.</summary>
[Category("Slow")]
public sealed class TilingTests
{
    private const string Ground = """
        output: textures/ground.png
        prompt: "mossy cobblestone ground, seamless texture"
        seed: 4242
        steps: 8
        width: 128
        height: 128
        tiling: true
        """;

    [Test]
    public async Task A_tiling_texture_placed_two_by_two_shows_no_seam()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", Ground);

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        var (seam, interior) = SeamOfTwoByTwo(PngPixels.Read(project.OutputOf("textures/ground.png")));
        TestContext.Out.WriteLine($"tiling on, 2x2: seam {seam:F2} vs interior {interior:F2}");
        Assert.That(seam, Is.LessThanOrEqualTo(1.5 * interior));
    }

    [Test]
    public async Task The_same_texture_without_tiling_shows_a_seam_when_placed_two_by_two()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", Ground.Replace("tiling: true", "tiling: false", StringComparison.Ordinal));

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        var (seam, interior) = SeamOfTwoByTwo(PngPixels.Read(project.OutputOf("textures/ground.png")));
        TestContext.Out.WriteLine($"tiling off, 2x2: seam {seam:F2} vs interior {interior:F2}");
        Assert.That(seam, Is.GreaterThan(2 * interior));
    }

    [Test]
    public async Task Turning_tiling_on_makes_status_name_tiling()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", Ground.Replace("tiling: true", "tiling: false", StringComparison.Ordinal));
        await project.RunAsync("build");
        project.Edit("textures/ground.yaml", "tiling: false", "tiling: x");

        var status = await project.RunAsync("status");

        Assert.That(status.OutputLines, Does.Contain("stale    textures/ground (tiling)"));
    }

    [Test]
    public async Task The_png_parameters_say_how_it_tiles()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", Ground.Replace("tiling: true", "tiling: y", StringComparison.Ordinal));

        await project.RunAsync("build");

        Assert.That(System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(project.OutputOf("textures/ground.png"))), Does.Contain(", Tiling: y"));
    }

    // The image placed 2×2: the mean difference across the seams in the middle (where a right
    // edge meets a left edge, a bottom edge a top edge) against the mean difference between
    // neighbouring pixels anywhere else in the placed image.
    internal static (double Seam, double Interior) SeamOfTwoByTwo(PngPixels tile)
    {
        int w = tile.Width, h = tile.Height;
        double seam = 0, interior = 0;
        int seams = 0, interiors = 0;
        for (var y = 0; y < 2 * h; y++)
        {
            for (var x = 0; x < 2 * w; x++)
            {
                if (x + 1 < 2 * w)
                {
                    var d = tile.Difference(x % w, y % h, (x + 1) % w, y % h);
                    if (x == w - 1)
                    {
                        seam += d;
                        seams++;
                    }
                    else
                    {
                        interior += d;
                        interiors++;
                    }
                }

                if (y + 1 < 2 * h)
                {
                    var d = tile.Difference(x % w, y % h, x % w, (y + 1) % h);
                    if (y == h - 1)
                    {
                        seam += d;
                        seams++;
                    }
                    else
                    {
                        interior += d;
                        interiors++;
                    }
                }
            }
        }

        return (seam / seams, interior / interiors);
    }
}
