namespace AssetForge.Cli.Verbs;

using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Build;
using Microsoft.Extensions.Options;
using Spectre.Console;

/// <summary>
/// <c>assetforge status [project-dir]</c>: each asset's state (current, stale and which inputs
/// changed, missing, invalid) without building or opening a model.
/// </summary>
public sealed class StatusVerb
{
    private readonly BuildEngine _engine;
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public StatusVerb(BuildEngine engine, CliConsole console, IOptions<OutputOptions> output)
    {
        _engine = engine;
        _console = console;
        _output = output.Value;
    }

    /// <summary>Reports the project's state and returns the exit code.</summary>
    /// <param name="projectDirectory">The project folder.</param>
    /// <param name="check">Exit with 1 when any asset is not current (for CI).</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    public async Task<int> RunAsync(string projectDirectory, bool check, CancellationToken cancellationToken)
    {
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        if (ProjectDirectory.ResolveProject(projectDirectory, diagnostics) is not { } project)
        {
            return ExitCodes.BadUsage;
        }

        var report = await _engine.StatusAsync(project, cancellationToken).ConfigureAwait(false);
        diagnostics.WriteAll(report.Diagnostics);

        if (_output.Verbosity > Verbosity.Quiet)
        {
            if (_console.Interactive)
            {
                WriteTable(report.Entries);
            }
            else
            {
                WriteLines(_console.Out, report.Entries);
            }

            _console.Out.WriteLine(CountLine(report.Entries));
        }

        return ExitCode(report, check);
    }

    // Like `git status`, looking is not failing: stale or missing assets fail only with --check
    // (CI's "are the committed assets current?"). Invalid specs always do; bad config is usage (2).
    private static int ExitCode(StatusReport report, bool check)
    {
        if (report.ExitCode == ExitCodes.BadUsage)
        {
            return ExitCodes.BadUsage;
        }

        foreach (var entry in report.Entries)
        {
            if (entry.State == AssetState.Invalid || (check && entry.State != AssetState.Current))
            {
                return ExitCodes.Failed;
            }
        }

        return ExitCodes.Success;
    }

    private static string StateName(AssetState state) => state switch
    {
        AssetState.Current => "current",
        AssetState.Stale => "stale",
        AssetState.Missing => "missing",
        _ => "invalid",
    };

    /// <summary>The last line: how many assets are in each state.</summary>
    internal static string CountLine(IReadOnlyList<StatusEntry> entries)
    {
        int current = 0, stale = 0, missing = 0, invalid = 0;
        foreach (var entry in entries)
        {
            switch (entry.State)
            {
                case AssetState.Current: current++; break;
                case AssetState.Stale: stale++; break;
                case AssetState.Missing: missing++; break;
                default: invalid++; break;
            }
        }

        return $"{current} current, {stale} stale, {missing} missing, {invalid} invalid";
    }

    /// <summary>One line per asset, <c>state id (changed fields)</c>, stable for scripts and tests to read.</summary>
    internal static void WriteLines(TextWriter output, IReadOnlyList<StatusEntry> entries)
    {
        foreach (var entry in entries)
        {
            var changed = entry.ChangedFields.Count > 0 ? $" ({string.Join(", ", entry.ChangedFields)})" : string.Empty;
            output.WriteLine($"{StateName(entry.State),-8} {entry.AssetId}{changed}");
        }
    }

    private void WriteTable(IReadOnlyList<StatusEntry> entries)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Asset", "State", "Changed", "Output");
        foreach (var entry in entries)
        {
            var color = entry.State switch
            {
                AssetState.Current => "green",
                AssetState.Stale => "yellow",
                AssetState.Missing => "blue",
                _ => "red",
            };
            table.AddRow(
                Markup.Escape(entry.AssetId),
                $"[{color}]{StateName(entry.State)}[/]",
                Markup.Escape(string.Join(", ", entry.ChangedFields)),
                Markup.Escape(DisplayPath.Of(entry.OutputPath)));
        }

        _console.Ansi.Write(table);
    }
}
