namespace AssetForge.Cli.Tests;

using System.Globalization;
using AssetForge.Cli.Tests.Infrastructure;

/// <summary>A large, fully cached project costs file checks, not model time.</summary>
[Category("Slow")]
public sealed class ScaleTests
{
    private const int AssetCount = 1000;

    [Test]
    public async Task A_thousand_cached_specs_build_without_generating_or_opening_a_model()
    {
        using var project = TestProject.Create();
        project.Write("tiles/tile-0000.yaml", TestProject.Spec("mossy stone floor tile, top-down", seed: 1234, output: "tiles/tile_0000.png"));
        var first = await project.RunAsync("build", "--verbosity", "detailed");
        Assert.That(first.Summary.Generated, Is.EqualTo(1), first.StandardError);
        Assert.That(first.OutputLines, Does.Contain("1 model sessions opened"), "a generating build opens the model");

        // The same generation inputs under other ids and outputs: the same key, so every one is a cache hit.
        for (var i = 1; i < AssetCount; i++)
        {
            var n = i.ToString("0000", CultureInfo.InvariantCulture);
            project.Write($"tiles/tile-{n}.yaml", TestProject.Spec("mossy stone floor tile, top-down", seed: 1234, output: $"tiles/tile_{n}.png"));
        }

        var cached = await project.RunAsync("build", "--verbosity", "detailed");
        var unchanged = await project.RunAsync("build");

        TestContext.Out.WriteLine($"{AssetCount} specs, all from cache: {cached.Elapsed.TotalSeconds:0.00}s wall; all up to date: {unchanged.Elapsed.TotalSeconds:0.00}s wall");
        Assert.That(cached.ExitCode, Is.EqualTo(0), cached.StandardError);
        Assert.That(cached.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: AssetCount - 1, UpToDate: 1, Failed: 0)));
        Assert.That(cached.OutputLines, Does.Contain("0 model sessions opened"));
        Assert.That(cached.OutputLines, Has.None.StartsWith("generating "));
        Assert.That(unchanged.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 0, UpToDate: AssetCount, Failed: 0)));
    }
}
