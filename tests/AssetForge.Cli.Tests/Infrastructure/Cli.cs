namespace AssetForge.Cli.Tests.Infrastructure;

using System.Diagnostics;
using System.Reflection;

/// <summary>Runs the built <c>assetforge</c> as a separate process, exactly as a user would.</summary>
public static class Cli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>The folder the CLI was built to (the test project's <c>CliDirectory</c> metadata).</summary>
    public static string Directory { get; } =
        typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliDirectory").Value!;

    /// <summary>Runs <c>dotnet assetforge.dll args</c> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, params string[] args)
    {
        var stopwatch = Stopwatch.StartNew();
        using var process = Start(workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        return await FinishAsync(process, stdout, stderr, stopwatch, args);
    }

    /// <summary>Starts <c>dotnet assetforge.dll args</c> with stdout and stderr redirected (for tests that interact with it).</summary>
    public static Process Start(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(Directory, "assetforge.dll");
        Assert.That(File.Exists(dll), Is.True, $"the CLI is not built: {dll}");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";

        // Each test project has its own cache; a shared one from the environment would hide misses.
        start.Environment.Remove("ASSETFORGE_CACHE");

        return Process.Start(start)!;
    }

    /// <summary>Waits for a started CLI to exit and collects what it wrote.</summary>
    public static async Task<CliResult> FinishAsync(Process process, Task<string> stdout, Task<string> stderr, Stopwatch stopwatch, string[] args, TimeSpan? limit = null)
    {
        var wait = limit ?? Timeout;
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"assetforge {string.Join(' ', args)} did not finish in {wait}");
        }

        var result = new CliResult(process.ExitCode, await stdout, await stderr, stopwatch.Elapsed);
        TestContext.Out.WriteLine($"$ assetforge {string.Join(' ', args)}  -> exit {result.ExitCode} in {result.Elapsed.TotalSeconds:0.00}s");
        TestContext.Out.WriteLine(Indent(result.StandardOutput, "  out| "));
        TestContext.Out.WriteLine(Indent(result.StandardError, "  err| "));
        return result;
    }

    private static string Indent(string text, string prefix)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A thousand-asset build prints a thousand lines; the head and tail say enough.
        if (lines.Length > 40)
        {
            lines = [.. lines[..20], $"... {lines.Length - 40} more lines ...", .. lines[^20..]];
        }

        return string.Join('\n', lines.Select(l => prefix + l.TrimEnd('\r')));
    }
}
