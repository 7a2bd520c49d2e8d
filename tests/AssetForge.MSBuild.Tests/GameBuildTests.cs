namespace AssetForge.MSBuild.Tests;

using System.Text.RegularExpressions;
using AssetForge.MSBuild.Tests.Infrastructure;

/// <summary>
/// End to end: the packed AssetForge.MSBuild package in a real game project, built with the real
/// <c>dotnet build</c> (-m, node reuse on) and <c>dotnet clean</c>. Each test has its own game.
/// </summary>
[TestFixture]
[Category("Slow")]
[NonParallelizable]
public sealed partial class GameBuildTests
{
    private PackageFeed _feed = null!;

    [OneTimeSetUp]
    public async Task PackAsync()
    {
        _feed = await PackageFeed.PackAsync();
        await TestContext.Progress.WriteLineAsync($"dotnet pack took {_feed.PackTime.TotalSeconds:F1} s");
    }

    [OneTimeTearDown]
    public void DeleteFeed()
    {
        if (_feed is not null)
        {
            BuildNodes.Stop(_feed.PackagesDirectory);
            _feed.Dispose();
        }
    }

    [Test]
    public async Task Reused_build_nodes_hold_neither_onnx_runtime_nor_plugins()
    {
        Assume.That(OperatingSystem.IsLinux(), "reads /proc");
        var game = SampleGame.Create(_feed, "node-reuse");
        var first = await game.BuildAsync();
        Assume.That(first.ExitCode, Is.Zero, first.Output);
        var nodes = BuildNodes.FindRunningTaskFrom(_feed.PackagesDirectory);
        game.Write("assetspecs/sky.yaml", "output: sky.png\nprompt: \"dawn sky\"\nseed: 3\n");

        var second = await game.BuildAsync();

        Assert.That(second.ExitCode, Is.Zero, second.Output);
        Assert.That(second.Output, Does.Contain("AssetForge: 1 generated"));
        var after = BuildNodes.FindRunningTaskFrom(_feed.PackagesDirectory);
        Assert.That(after, Is.Not.Empty, "a node that ran the task is still alive after the second build");
        foreach (var pid in after)
        {
            var mapped = BuildNodes.MappedFiles(pid);
            Assert.That(mapped, Has.Some.EndsWith("AssetForge.MSBuild.dll"), "the task ran in this node");
            Assert.That(mapped, Has.None.Contains("onnxruntime").And.None.Contains("/tools/cli/"), $"node {pid} loaded the engine");
        }

        // Which node MSBuild hands the second build is its scheduler's choice: with -m:2 it may need only one of
        // the first build's nodes, and under load (or with idle nodes of other builds on the machine) it may start
        // a fresh one instead. Every node checked above ran the task and stayed clean; reuse itself is only assumed.
        // Whether the first build's node outlives it is the same choice (a CI run once found none left), so it
        // too is only assumed; the checks above are the test.
        Assume.That(nodes, Is.Not.Empty, $"the first build left a worker node running (nodes these builds started: {string.Join(", ", BuildNodes.FindStartedWith(_feed.PackagesDirectory))})");
        Assume.That(after.Intersect(nodes), Is.Not.Empty, "a node of the first build is reused");
    }

    [Test]
    public async Task First_build_generates_the_assets_and_copies_them_to_bin()
    {
        var game = SampleGame.Create(_feed, "first-build");

        var build = await game.BuildAsync();

        Assert.That(build.ExitCode, Is.Zero, build.Output);
        Assert.That(build.Output, Does.Contain("AssetForge: 3 generated, 0 from cache, 0 up to date, 0 failed"));
        foreach (var asset in SampleGame.AssetsInBin)
        {
            Assert.That(new FileInfo(Path.Combine(game.BinDirectory, asset)), Has.Property("Length").GreaterThan(0), asset);
        }
    }

    [Test]
    public async Task An_unchanged_second_build_skips_the_generation_target()
    {
        var game = SampleGame.Create(_feed, "no-op");
        var first = await game.BuildAsync();
        Assume.That(first.ExitCode, Is.Zero, first.Output);
        var times = game.GeneratedAssetTimes();

        var second = await game.BuildAsync("-clp:PerformanceSummary");

        Assert.That(second.ExitCode, Is.Zero, second.Output);
        Assert.That(second.Output, Does.Contain("Skipping target \"AssetForgeGenerate\" because all output files are up-to-date"));
        Assert.That(second.Output, Does.Not.Contain("AssetForge: "), "the CLI must not have run");
        Assert.That(game.GeneratedAssetTimes(), Is.EqualTo(times));
        foreach (var line in second.Output.Split('\n').Where(l => TargetTimeLine().IsMatch(l)))
        {
            await TestContext.Progress.WriteLineAsync($"no-op build, target time: {line.Trim()}");
        }

        await TestContext.Progress.WriteLineAsync($"first build {first.Elapsed.TotalSeconds:F1} s, no-op build {second.Elapsed.TotalSeconds:F1} s");
    }

    [Test]
    public async Task Editing_one_spec_regenerates_exactly_one_asset()
    {
        var game = SampleGame.Create(_feed, "edit");
        var first = await game.BuildAsync();
        Assume.That(first.ExitCode, Is.Zero, first.Output);
        var skyInBin = Path.Combine(game.BinDirectory, "assets", "sky.png");
        var before = await File.ReadAllBytesAsync(skyInBin);

        game.Write("assetspecs/sky.yaml", "output: sky.png\nprompt: \"stormy sky\"\nseed: 3\n");
        var second = await game.BuildAsync();

        Assert.That(second.ExitCode, Is.Zero, second.Output);
        Assert.That(second.Output, Does.Contain("AssetForge: generated sky ->"));
        Assert.That(second.Output, Does.Contain("AssetForge: 1 generated, 0 from cache, 2 up to date, 0 failed"));
        Assert.That(await File.ReadAllBytesAsync(skyInBin), Is.Not.EqualTo(before), "the new image must reach bin/");
    }

    [Test]
    public async Task A_broken_spec_fails_the_build_with_its_file_line_and_column()
    {
        var game = SampleGame.Create(_feed, "broken");
        game.Write("assetspecs/sky.yaml", "output: sky.png\nprompt: \"evening sky\"\nseed: 3\nstepz: 4\n");

        var build = await game.BuildAsync();

        Assert.That(build.ExitCode, Is.Not.Zero, build.Output);
        var sky = Path.Combine(game.Directory, "assetspecs", "sky.yaml");
        Assert.That(build.Output, Does.Contain($"{sky}(4,1): error AF1101: Unknown key 'stepz'"));
    }

    [Test]
    public void The_package_ships_the_task_built_for_netstandard2_0_only()
    {
        var package = Directory.GetFiles(_feed.FeedDirectory, "AssetForge.MSBuild.*.nupkg").Single();
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        var tasks = zip.Entries.Where(e => e.FullName.StartsWith("tasks/", StringComparison.Ordinal) && e.Name.Length > 0).Select(e => e.FullName).ToList();

        Assert.That(tasks, Is.EqualTo(new[] { "tasks/netstandard2.0/AssetForge.MSBuild.dll" }));
        using var stream = new MemoryStream();
        using (var entry = zip.GetEntry(tasks[0])!.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var references = metadata.AssemblyReferences.Select(r => metadata.GetString(metadata.GetAssemblyReference(r).Name)).ToList();
        Assert.That(references, Does.Contain("netstandard").And.None.EqualTo("System.Runtime").And.None.EqualTo("System.Text.Json"));
    }

    [Test]
    public async Task A_game_without_an_assetforge_project_fails_with_one_clear_error_and_no_stack_trace()
    {
        var game = SampleGame.Create(_feed, "no-project");
        Directory.Delete(Path.Combine(game.Directory, "assetspecs"), recursive: true);

        var build = await game.BuildAsync();

        Assert.That(build.ExitCode, Is.Not.Zero, build.Output);
        var config = Path.Combine(game.Directory, "assetspecs", "assetforge.yaml");
        Assert.That(build.Output, Does.Contain($"{config} : error AF0004: No AssetForge project").Or.Contain($"{config}: error AF0004: No AssetForge project"));
        Assert.That(build.Output, Does.Not.Contain("MSB4018").And.Not.Contain("   at "));
    }

    [Test]
    public async Task Clean_removes_the_outputs_but_keeps_the_cache()
    {
        var game = SampleGame.Create(_feed, "clean");
        var build = await game.BuildAsync();
        Assume.That(build.ExitCode, Is.Zero, build.Output);

        var clean = await game.CleanAsync();

        Assert.That(clean.ExitCode, Is.Zero, clean.Output);
        foreach (var asset in SampleGame.AssetsInBin)
        {
            Assert.That(File.Exists(Path.Combine(game.BinDirectory, asset)), Is.False, asset);
        }

        foreach (var asset in SampleGame.GeneratedAssets)
        {
            Assert.That(File.Exists(Path.Combine(game.Directory, asset)), Is.False, asset);
        }

        Assert.That(Directory.EnumerateFiles(Path.Combine(game.Directory, "assetspecs", ".assetforge", "cache", "objects"), "*", SearchOption.AllDirectories), Is.Not.Empty);
    }

    [Test]
    public async Task After_clean_a_build_serves_every_asset_from_the_cache()
    {
        var game = SampleGame.Create(_feed, "rebuild");
        Assume.That((await game.BuildAsync()).ExitCode, Is.Zero);
        Assume.That((await game.CleanAsync()).ExitCode, Is.Zero);

        var build = await game.BuildAsync("-p:AssetForgeGenerate=false");

        Assert.That(build.ExitCode, Is.Zero, build.Output);
        Assert.That(build.Output, Does.Contain("AssetForge: 0 generated, 3 from cache, 0 up to date, 0 failed"));
        Assert.That(File.Exists(Path.Combine(game.BinDirectory, "assets", "sky.png")), Is.True);
    }

    [Test]
    public async Task With_generation_off_a_cache_miss_is_an_error()
    {
        var game = SampleGame.Create(_feed, "cache-only");

        var build = await game.BuildAsync("-p:AssetForgeGenerate=false");

        Assert.That(build.ExitCode, Is.Not.Zero, build.Output);
        Assert.That(build.Output, Does.Match(@"sky\.yaml\(1,1\): error AF4050: 'sky' is not in the cache"));
        Assert.That(File.Exists(Path.Combine(game.Directory, "assetspecs", "out", "sky.png")), Is.False);
    }

    [GeneratedRegex(@"^\s+\d+ ms\s+(_?AssetForge\w*|ReadAssetForgeOutputs|AssetForgeBuild)\s+\d+ calls")]
    private static partial Regex TargetTimeLine();
}
