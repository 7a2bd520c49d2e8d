namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary><c>status --check</c> as a CI gate on the committed assetforge.lock.json.</summary>
[TestFixture]
public sealed class LockFileCheckTests
{
    [Test]
    public async Task A_fresh_clone_with_committed_outputs_passes_the_check()
    {
        using var built = TestProject.CreateWithTwoIcons();
        await built.RunAsync("build");
        using var clone = TestProject.Create();
        TeamProjects.CopyCheckout(built, clone, withOutputs: true);

        var check = await clone.RunAsync("status", "--check");

        Assert.That(check.ExitCode, Is.Zero, check.StandardOutput + check.StandardError);
    }

    [Test]
    public async Task A_spec_edited_without_rebuilding_fails_the_check_in_a_fresh_clone()
    {
        using var built = TestProject.CreateWithTwoIcons();
        await built.RunAsync("build");
        using var clone = TestProject.Create();
        TeamProjects.CopyCheckout(built, clone, withOutputs: true);
        clone.Edit("icons/potion-red.yaml", "red health potion", "crimson health potion");

        var check = await clone.RunAsync("status", "--check");

        Assert.That(check.ExitCode, Is.EqualTo(1));
        Assert.That(check.OutputLines, Does.Contain("stale    icons/potion-red"));
        Assert.That(check.OutputLines, Does.Contain("current  icons/potion-blue"));
    }

    [Test]
    public async Task A_spec_edited_without_rebuilding_fails_the_check_where_it_was_built()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        project.Edit("icons/potion-red.yaml", "red health potion", "crimson health potion");

        var check = await project.RunAsync("status", "--check");

        Assert.That(check.ExitCode, Is.EqualTo(1));
        Assert.That(check.OutputLines, Does.Contain("stale    icons/potion-red (prompt)"));
    }

    [Test]
    public async Task A_lock_file_that_disagrees_with_the_outputs_fails_the_check()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        var lockPath = project.PathOf("assetforge.lock.json");
        var text = File.ReadAllText(lockPath);
        var start = text.IndexOf("\"sha256\": \"", StringComparison.Ordinal) + "\"sha256\": \"".Length;
        File.WriteAllText(lockPath, string.Concat(text.AsSpan(0, start), new string('0', 64), text.AsSpan(start + 64)));

        var check = await project.RunAsync("status", "--check");

        Assert.That(check.ExitCode, Is.EqualTo(1));
        Assert.That(check.OutputLines, Does.Contain("stale    icons/potion-blue (assetforge.lock.json)"));
    }
}
