namespace AssetForge.MSBuild.Tests.Infrastructure;

using System.Diagnostics;
using System.Text;

/// <summary>The result of one <c>dotnet</c> command: exit code and the interleaved output.</summary>
public sealed record DotnetResult(int ExitCode, string Output, TimeSpan Elapsed);

/// <summary>
/// Runs the real <c>dotnet</c> (the one running the tests) in a folder, with a clean MSBuild
/// environment: variables the test host inherited from an outer <c>dotnet test</c> (MSBuild*)
/// would otherwise steer the inner build.
/// </summary>
public static class DotnetCommand
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="directory"/>, for at most five minutes.</summary>
    public static Task<DotnetResult> RunAsync(string directory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunAsync(directory, environment, DefaultTimeout, arguments);

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="directory"/>, for at most <paramref name="timeout"/>.</summary>
    public static async Task<DotnetResult> RunAsync(string directory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} ran longer than {timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new DotnetResult(process.ExitCode, output.ToString(), clock.Elapsed);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string DotnetPath()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var candidate = string.IsNullOrEmpty(root) ? null : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return candidate is not null && File.Exists(candidate) ? candidate : "dotnet";
    }
}
