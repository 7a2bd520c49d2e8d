namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary><c>assetforge cache ls | verify | gc</c>.</summary>
[TestFixture]
public sealed class CacheVerbTests
{
    [Test]
    public async Task Ls_lists_one_line_per_cached_action()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");

        var list = await project.CacheAsync("ls");

        Assert.That(list.ExitCode, Is.Zero);
        Assert.That(list.OutputLines, Has.Some.StartsWith("2 actions, "));
        Assert.That(list.OutputLines.Count(l => l.Length > 64 && l[64] == ' '), Is.EqualTo(2));
    }

    [Test]
    public async Task Verify_reports_a_flipped_byte_and_exits_1()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        var blob = Directory.GetFiles(project.PathOf(".assetforge/cache/objects"), "*", SearchOption.AllDirectories)[0];
        var bytes = File.ReadAllBytes(blob);
        bytes[40] ^= 0x10;
        File.WriteAllBytes(blob, bytes);

        var verify = await project.CacheAsync("verify");

        Assert.That(verify.ExitCode, Is.EqualTo(1));
        Assert.That(verify.StandardError, Does.Contain("warning AF4001").And.Contain(Path.GetFileName(blob)));
    }

    [Test]
    public async Task A_damaged_builtin_model_is_reported_by_verify_and_rewritten_by_the_next_build()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        var unet = project.PathOf(".assetforge/cache/models/builtin-tiny-v1/unet/model.onnx");
        var good = File.ReadAllBytes(unet);
        var damaged = (byte[])good.Clone();
        damaged[damaged.Length / 2] ^= 0xFF;
        File.WriteAllBytes(unet, damaged);

        var verify = await project.CacheAsync("verify");
        var build = await project.RunAsync("build", "--force");

        Assert.That(verify.ExitCode, Is.EqualTo(1));
        Assert.That(verify.StandardError, Does.Contain("warning AF4007").And.Contain("unet/model.onnx"));
        Assert.That(build.ExitCode, Is.Zero, build.StandardError);
        Assert.That(File.ReadAllBytes(unet), Is.EqualTo(good));
    }

    [Test]
    public async Task Verify_passes_on_a_healthy_cache()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");

        var verify = await project.CacheAsync("verify");

        Assert.That(verify.ExitCode, Is.Zero, verify.StandardError);
        Assert.That(verify.OutputLines, Does.Contain("2 actions, 2 blobs (" + verify.OutputLines[^1].Split('(')[1]));
    }

    [Test]
    public async Task Gc_with_keep_current_removes_only_what_the_project_no_longer_needs()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        project.Edit("icons/potion-red.yaml", "red health potion", "crimson health potion");
        await project.RunAsync("build");

        var gc = await project.CacheAsync("gc", "--max-size", "0", "--keep-current");
        var afterClean = await RebuildFromCacheAsync(project);

        Assert.That(gc.ExitCode, Is.Zero, gc.StandardError);
        Assert.That(gc.OutputLines, Has.Some.StartsWith("removed 1 actions, 1 blobs"));
        Assert.That(afterClean.Summary.Generated, Is.Zero, "the current project's entries survived");
    }

    [Test]
    public async Task Gc_to_zero_without_keep_current_empties_the_cache()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");

        var gc = await project.CacheAsync("gc", "--max-size", "0");
        var list = await project.CacheAsync("ls");

        Assert.That(gc.OutputLines, Has.Some.StartsWith("removed 2 actions, 2 blobs"));
        Assert.That(list.OutputLines, Has.Some.StartsWith("0 actions, "));
    }

    [Test]
    public async Task Gc_needs_a_size()
    {
        using var project = TestProject.CreateWithTwoIcons();

        var gc = await project.CacheAsync("gc", "--max-size", "lots");

        Assert.That(gc.ExitCode, Is.EqualTo(2));
    }

    private static async Task<CliResult> RebuildFromCacheAsync(TestProject project)
    {
        await project.RunAsync("clean");
        return await project.RunAsync("build", "-v", "minimal");
    }
}
