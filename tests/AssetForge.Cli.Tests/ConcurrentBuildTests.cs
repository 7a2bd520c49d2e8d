namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>Two <c>assetforge build</c> processes on one project and cache at once.</summary>
[TestFixture]
[Category("Slow")]
public sealed class ConcurrentBuildTests
{
    private const int Icons = 6;

    [Test]
    public async Task Two_builds_at_once_both_succeed_and_generate_each_asset_once()
    {
        using var project = TeamProjects.WithIcons(Icons);
        using var reference = TeamProjects.WithIcons(Icons);
        await reference.RunAsync("build");

        var results = await Task.WhenAll(project.RunAsync("build", "-v", "minimal"), project.RunAsync("build", "-v", "minimal"));
        var verify = await project.CacheAsync("verify");
        var status = await project.RunAsync("status", "--check");

        Assert.That(results.Select(r => r.ExitCode), Is.All.Zero);
        Assert.That(results.Sum(r => r.Summary.Generated), Is.EqualTo(Icons), "each asset generated once across both builds");
        Assert.That(verify.ExitCode, Is.Zero, verify.StandardOutput + verify.StandardError);
        Assert.That(status.ExitCode, Is.Zero, status.StandardOutput);
        Assert.That(TeamProjects.Outputs(project), Is.EqualTo(TeamProjects.Outputs(reference)));
    }
}
