namespace AssetForge.Cli.Tests;

using System.Diagnostics;
using System.Text;
using AssetForge.Cli.Tests.Infrastructure;

/// <summary>Ctrl+C stops a build cleanly: what finished is kept and cached, nothing is half-written.</summary>
[Category("Slow")]
public sealed class CancellationTests
{
    [Test]
    public async Task Ctrl_C_stops_the_build_with_130_and_keeps_what_finished()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Ignore("sends SIGINT, which only POSIX systems have");
        }

        using var project = TestProject.Create();
        // slow-1 is small, so it finishes first in a batch of its own (a different size never shares a batch);
        // the other five are 1024x1024 at 1000 steps, seconds each even on a quiet machine, so the build
        // cannot finish in the time the signal takes to arrive (equal sizes once batched all six together).
        project.Write("slow-1.yaml", TestProject.Spec("slow asset 1", seed: 1, output: "slow_1.png") + "\nsteps: 100\nwidth: 128\nheight: 128\n");
        for (var i = 2; i <= 6; i++)
        {
            project.Write($"slow-{i}.yaml", TestProject.Spec($"slow asset {i}", seed: (ulong)i, output: $"slow_{i}.png") + "\nsteps: 1000\nwidth: 1024\nheight: 1024\n");
        }

        var stopwatch = Stopwatch.StartNew();
        string[] args = ["build", project.Directory];
        using var process = Cli.Start(project.Directory, args);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new StringBuilder();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            stdout.AppendLine(line);
            if (line.StartsWith("generated ", StringComparison.Ordinal))
            {
                await SendSigIntAsync(process.Id);
                break;
            }
        }

        stdout.Append(await process.StandardOutput.ReadToEndAsync());
        var result = await Cli.FinishAsync(process, Task.FromResult(stdout.ToString()), stderr, stopwatch, args);

        Assert.That(result.ExitCode, Is.EqualTo(130), result.StandardError);
        Assert.That(result.OutputLines, Has.Some.EndsWith("(cancelled)"));
        Assert.That(result.Summary.Generated, Is.GreaterThanOrEqualTo(1).And.LessThan(6));
        Png.AssertImage(project.OutputOf("slow_1.png"), 128, 128);
        Assert.That(
            Directory.GetFiles(project.OutputOf("."), "*", SearchOption.AllDirectories).Select(Path.GetFileName),
            Is.All.Matches(@"^slow_\d\.png$"),
            "no temporary or half-written files in the output folder");
        var status = await project.RunAsync("status");
        Assert.That(status.OutputLines, Does.Contain("current  slow-1"));
    }

    // What Ctrl+C in a terminal does: SIGINT to the process (kill(1) is in every POSIX base system).
    private static async Task SendSigIntAsync(int pid)
    {
        using var kill = Process.Start("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.That(kill.ExitCode, Is.EqualTo(0), "kill -INT");
    }
}
