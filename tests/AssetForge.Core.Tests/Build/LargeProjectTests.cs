namespace AssetForge.Core.Tests.Build;

using System.Diagnostics;
using AssetForge.Core.Build;
using AssetForge.Core.Tests.Plugins;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// A 1,000-asset project whose assets are all cached: a build must not open a model, and should
/// take well under 5 s end to end. Times are printed, not asserted (they depend on the machine).
/// </summary>
[Category("Slow")]
public sealed class LargeProjectTests
{
    private const int AssetCount = 1000;

    [Test]
    public async Task A_thousand_cached_assets_build_without_opening_a_model()
    {
        using var project = new EngineProject();
        for (var i = 0; i < AssetCount; i++)
        {
            // One key for all: the first build generates one image and serves the rest from the cache.
            project.Write($"specs/group{i % 10}/asset{i:D4}.yaml", EngineProject.Spec($"asset{i:D4}", "crate", output: $"crates/{i:D4}.png"));
        }

        var first = await project.BuildAsync(new BuildOptions { Jobs = 4 });
        Assert.That(first.Generated, Is.EqualTo(1), () => string.Join("\n", first.Diagnostics.Take(5)));
        Assert.That(first.FromCache, Is.EqualTo(AssetCount - 1));

        var clock = Stopwatch.StartNew();
        var upToDate = await project.BuildAsync(new BuildOptions { Jobs = 4 });
        var upToDateTime = clock.Elapsed;

        Assert.That(upToDate.UpToDate, Is.EqualTo(AssetCount));
        Assert.That(upToDate.SessionsOpened, Is.Zero);

        // As a new process would: a new engine loads its plugins again.
        clock.Restart();
        using (var fresh = new BuildEngine(NullLoggerFactory.Instance, [PluginCatalogLoaderTests.BuiltinPlugins]))
        {
            var freshBuild = await fresh.BuildAsync(project.Root, new BuildOptions { Jobs = 4 }, new RecordingObserver(), CancellationToken.None);
            Assert.That(freshBuild.UpToDate, Is.EqualTo(AssetCount));
            Assert.That(freshBuild.SessionsOpened, Is.Zero);
        }

        var freshEngineTime = clock.Elapsed;

        // A fresh checkout with a warm shared cache: no outputs, no state, everything materialised.
        Directory.Delete(project.Path("out"), recursive: true);
        File.Delete(BuildState.PathFor(project.Root));
        clock.Restart();
        var fromCache = await project.BuildAsync(new BuildOptions { Jobs = 4 });
        var fromCacheTime = clock.Elapsed;

        Assert.That(fromCache.FromCache, Is.EqualTo(AssetCount));
        Assert.That(fromCache.SessionsOpened, Is.Zero);

        clock.Restart();
        var status = await project.StatusAsync();
        var statusTime = clock.Elapsed;
        Assert.That(status.ExitCode, Is.Zero);

        TestContext.Out.WriteLine($"first build ({first.Generated} generated, {first.FromCache} from cache): {first.Elapsed.TotalMilliseconds:F0} ms");
        TestContext.Out.WriteLine($"{AssetCount} assets up to date: {upToDateTime.TotalMilliseconds:F0} ms");
        TestContext.Out.WriteLine($"{AssetCount} assets up to date, new engine (plugins loaded): {freshEngineTime.TotalMilliseconds:F0} ms");
        TestContext.Out.WriteLine($"{AssetCount} assets from a warm cache: {fromCacheTime.TotalMilliseconds:F0} ms");
        TestContext.Out.WriteLine($"status of {AssetCount} assets: {statusTime.TotalMilliseconds:F0} ms");
    }
}
