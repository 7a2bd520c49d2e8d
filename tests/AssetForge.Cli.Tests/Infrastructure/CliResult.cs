namespace AssetForge.Cli.Tests.Infrastructure;

/// <summary>What one run of the CLI did.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
/// <param name="Elapsed">Wall time, process start included.</param>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>The build's summary line, parsed; fails the test when there is none.</summary>
    public BuildCounts Summary => BuildCounts.Parse(StandardOutput);

    /// <summary>stdout's lines.</summary>
    public IReadOnlyList<string> OutputLines =>
        StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>stderr's lines.</summary>
    public IReadOnlyList<string> ErrorLines =>
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
