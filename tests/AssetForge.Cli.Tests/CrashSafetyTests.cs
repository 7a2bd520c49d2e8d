namespace AssetForge.Cli.Tests;

using System.Diagnostics;
using AssetForge.Cli.Tests.Infrastructure;

/// <summary>A build killed with SIGKILL at any moment leaves a cache that verifies and a next build identical to a clean one.</summary>
[TestFixture]
[Category("Slow")]
public sealed class CrashSafetyTests
{
    private const int Icons = 4;
    private const int Kills = 20;

    [Test]
    public async Task Twenty_kills_at_random_moments_leave_nothing_corrupt()
    {
        using var project = TeamProjects.WithIcons(Icons);
        using var clean = TeamProjects.WithIcons(Icons);
        var cleanBuild = await clean.RunAsync("build");
        Assert.That(cleanBuild.ExitCode, Is.Zero);

        // Seeded, so a failure replays: delays spread over process start, planning, generation and writes.
        var random = new Random(20240601);
        var killedWhileRunning = 0;
        for (var i = 0; i < Kills; i++)
        {
            // --force makes every run generate and rewrite cache entries and outputs, so kills land mid-write.
            using var process = Cli.Start(project.Directory, "build", project.Directory, "--force", "-v", "quiet");
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            await Task.Delay(random.Next(150, 2500));
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                killedWhileRunning++;
            }

            await process.WaitForExitAsync();
        }

        TestContext.Out.WriteLine($"{killedWhileRunning} of {Kills} builds were killed while running");
        var verify = await project.CacheAsync("verify");
        var rebuilt = await project.RunAsync("build");

        Assert.That(killedWhileRunning, Is.GreaterThanOrEqualTo(Kills / 2), "most kills must land while a build runs");
        Assert.That(verify.ExitCode, Is.Zero, verify.StandardOutput + verify.StandardError);
        Assert.That(verify.StandardOutput, Does.Contain(" 0 problems"));
        Assert.That(rebuilt.ExitCode, Is.Zero, rebuilt.StandardError);
        Assert.That(TeamProjects.Outputs(project), Is.EqualTo(TeamProjects.Outputs(clean)));
    }
}
