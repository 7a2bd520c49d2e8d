namespace AssetForge.Cli.CommandLine;

using System.Diagnostics;
using AssetForge.Cli.Output;
using AssetForge.Cli.Verbs;
using AssetForge.Core.Build;
using AssetForge.Core.NoOp;
using AssetForge.Core.Specs;

/// <summary>
/// The no-op fast path of <c>assetforge build</c> and <c>assetforge status</c> (DESIGN §10): when
/// the project's no-op state proves that nothing changed since its last clean build, the answer
/// is printed from it, before any host, DI container, command-line parser, config, spec or
/// plugin is loaded. Anything else (other options, a state that proves nothing) returns null and
/// the full path runs, which stays the source of truth.
/// </summary>
/// <remarks>
/// Only invocations whose no-op cannot differ are taken: <c>build [dir] [-v q|m|n|d]
/// [--specs-from FILE] [--format text|jsonl] [-j N] [--no-generate] [--execution-provider P]</c>
/// (what the MSBuild task passes; none of these changes what a no-op does) and <c>status [dir]
/// [-v ...] [--check]</c>, and <c>status</c> only with redirected output (a terminal gets the
/// full path's table). Filters (<c>--asset</c>, <c>--shard</c>), <c>--force</c>, a remote cache
/// and <c>--timings</c> take the full path. The output is the full path's, line for line.
/// </remarks>
public static class NoOpShortcut
{
    /// <summary>Answers a no-op build or status from the no-op state; null when the full path must run.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output (written only when the shortcut answers).</param>
    /// <param name="error">Standard error (reasons at <c>-v detailed</c>).</param>
    /// <param name="outputIsTerminal">Whether standard output is a terminal.</param>
    public static int? TryRun(string[] args, TextWriter output, TextWriter error, bool outputIsTerminal)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var clock = Stopwatch.StartNew();
        if (Parse(args) is not { } request || (request.Status && outputIsTerminal))
        {
            return null;
        }

        var project = Path.GetFullPath(request.Project);
        if (!File.Exists(Path.Combine(project, ProjectConfigLoader.FileName)))
        {
            return null; // the full path says what is wrong
        }

        string? specList = null;
        if (request.SpecsFrom is { } listFile)
        {
            if (AssetForgeCommandLine.ReadSpecList(new FileInfo(listFile), TextWriter.Null) is not { } files)
            {
                return null;
            }

            specList = string.Join('\n', files);
        }

        if (NoOpProof.TryProve(project, specList, out var reason) is not { } state)
        {
            if (request.Verbosity >= Verbosity.Detailed)
            {
                error.WriteLine($"no-op not proven ({reason}): running the full build");
            }

            return null;
        }

        if (request.Status)
        {
            WriteStatus(output, state, request.Verbosity);
        }
        else if (request.JsonLines)
        {
            WriteJsonLines(output, state, clock.Elapsed);
        }
        else
        {
            WriteBuild(output, error, state, request.Verbosity, clock.Elapsed);
        }

        return ExitCodes.Success;
    }

    private static void WriteBuild(TextWriter output, TextWriter error, NoOpState state, Verbosity verbosity, TimeSpan elapsed)
    {
        if (verbosity >= Verbosity.Detailed)
        {
            error.WriteLine($"no-op proven by {NoOpStateFile.FileName}: {state.Inputs.Count} inputs, {state.Listings.Count} folders, {state.Targets.Count} outputs unchanged in {elapsed.TotalMilliseconds:F1} ms");
            foreach (var target in state.Targets)
            {
                output.WriteLine($"up to date {target.Id}");
            }

            output.WriteLine("0 model sessions opened");
        }

        if (verbosity >= Verbosity.Minimal)
        {
            output.WriteLine(BuildSummaryLine.Format(0, 0, state.Targets.Count, 0, elapsed));
        }
    }

    // The full path's lines for a build in which every target was up to date.
    private static void WriteJsonLines(TextWriter output, NoOpState state, TimeSpan elapsed)
    {
        var observer = new JsonLinesBuildObserver(output);
        var outcomes = new List<AssetOutcome>(state.Targets.Count);
        foreach (var target in state.Targets)
        {
            var outcome = new AssetOutcome(target.Id, AssetOutcomeKind.UpToDate, target.OutputPath, null, []);
            outcomes.Add(outcome);
            observer.OnAssetFinished(outcome);
        }

        observer.WriteInputs(state.Layout);
        observer.WriteSummary(new BuildSummary(outcomes, [], elapsed, ExitCodes.Success), ExitCodes.Success);
    }

    private static void WriteStatus(TextWriter output, NoOpState state, Verbosity verbosity)
    {
        if (verbosity <= Verbosity.Quiet)
        {
            return;
        }

        var entries = new List<StatusEntry>(state.Targets.Count);
        foreach (var target in state.Targets)
        {
            entries.Add(new StatusEntry(target.Id, AssetState.Current, [], target.OutputPath));
        }

        StatusVerb.WriteLines(output, entries);
        output.WriteLine(StatusVerb.CountLine(entries));
    }

    private static Request? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("build" or "status"))
        {
            return null;
        }

        var status = args[0] == "status";
        string? project = null;
        string? specsFrom = null;
        var jsonLines = false;
        var verbosity = Verbosity.Normal;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-v" or "--verbosity" && i + 1 < args.Length && ParseVerbosity(args[i + 1]) is { } level)
            {
                verbosity = level;
                i++;
            }
            else if (!status && arg == "--specs-from" && i + 1 < args.Length && specsFrom is null)
            {
                specsFrom = args[++i];
            }
            else if (!status && arg == "--format" && i + 1 < args.Length && args[i + 1] is "text" or "jsonl")
            {
                jsonLines = args[++i] == "jsonl";
            }
            else if (!status && arg is "-j" or "--jobs" && i + 1 < args.Length && int.TryParse(args[i + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var jobs) && jobs >= 1)
            {
                i++; // how many at once: nothing runs
            }
            else if (!status && arg == "--execution-provider" && i + 1 < args.Length && args[i + 1] is "auto" or "cpu" or "dml" or "cuda")
            {
                i++; // no key depends on it, and no model is opened
            }
            else if (!status && arg == "--no-generate")
            {
                // Nothing is generated anyway.
            }
            else if (status && arg == "--check")
            {
                // Every target is current: --check passes.
            }
            else if (arg.Length > 0 && arg[0] != '-' && project is null)
            {
                project = arg;
            }
            else
            {
                return null;
            }
        }

        return new Request(status, project ?? ".", specsFrom, jsonLines, verbosity);
    }

    private static Verbosity? ParseVerbosity(string value) => value switch
    {
        "quiet" or "q" => Verbosity.Quiet,
        "minimal" or "m" => Verbosity.Minimal,
        "normal" or "n" => Verbosity.Normal,
        "detailed" or "d" => Verbosity.Detailed,
        _ => null,
    };

    private sealed record Request(bool Status, string Project, string? SpecsFrom, bool JsonLines, Verbosity Verbosity);
}
