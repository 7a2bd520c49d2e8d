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

        // How long a forced build takes here: kill delays are fractions of it, so they land inside
        // a build however fast or loaded the machine is (no assertion depends on timing).
        var timed = await project.RunAsync("build", "--force", "-v", "quiet");
        Assert.That(timed.ExitCode, Is.Zero);
        var buildTime = timed.Elapsed;

        // Seeded, so a run replays: delays spread over process start, planning, generation and writes.
        var random = new Random(20240601);
        var killedWhileRunning = 0;
        var attempts = 0;
        while (killedWhileRunning < Kills && attempts < Kills * 3)
        {
            attempts++;

            // --force makes every run generate and rewrite cache entries and outputs, so kills land mid-write.
            using var process = Cli.Start(project.Directory, "build", project.Directory, "--force", "-v", "quiet");
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            await Task.Delay(buildTime * (0.05 + (0.9 * random.NextDouble())));
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                killedWhileRunning++;
            }

            await process.WaitForExitAsync();
        }

        TestContext.Out.WriteLine($"{killedWhileRunning} builds killed while running in {attempts} attempts (a forced build takes {buildTime.TotalSeconds:0.00} s)");
        var verify = await project.CacheAsync("verify");
        var rebuilt = await project.RunAsync("build");

        Assert.That(killedWhileRunning, Is.EqualTo(Kills), "kills that landed while a build ran");
        Assert.That(verify.ExitCode, Is.Zero, verify.StandardOutput + verify.StandardError);
        Assert.That(verify.StandardOutput, Does.Contain(" 0 problems"));
        Assert.That(rebuilt.ExitCode, Is.Zero, rebuilt.StandardError);
        Assert.That(TeamProjects.Outputs(project), Is.EqualTo(TeamProjects.Outputs(clean)));
    }
}
