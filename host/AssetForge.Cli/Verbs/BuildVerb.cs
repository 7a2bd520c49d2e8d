namespace AssetForge.Cli.Verbs;

using System.Diagnostics;
using AssetForge.Abstractions.Plugins;
using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;
using Microsoft.Extensions.Options;
using Spectre.Console;

/// <summary><c>assetforge build [project-dir]</c>: generates what changed, serves the rest from the cache.</summary>
public sealed class BuildVerb
{
    private readonly BuildEngine _engine;
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public BuildVerb(BuildEngine engine, CliConsole console, IOptions<OutputOptions> output)
    {
        _engine = engine;
        _console = console;
        _output = output.Value;
    }

    /// <summary>Builds the project and returns the exit code.</summary>
    /// <param name="projectDirectory">The project folder.</param>
    /// <param name="options">What to build, and how.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <param name="timings">Print <see cref="TimingsTable"/> after the summary (<c>--timings</c>).</param>
    public async Task<int> RunAsync(string projectDirectory, BuildOptions options, CancellationToken cancellationToken, bool timings = false)
    {
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        if (ProjectDirectory.ResolveProject(projectDirectory, diagnostics) is not { } project)
        {
            return ExitCodes.BadUsage;
        }

        var stopwatch = Stopwatch.StartNew();
        RecordingBuildObserver? recorder = null;
        TimingsBuildObserver? timed = null;
        IBuildObserver Observe(RecordingBuildObserver inner) => timings ? timed = new TimingsBuildObserver(inner) : inner;
        try
        {
            BuildSummary summary;
            if (_console.Interactive && _output.Verbosity > Verbosity.Quiet)
            {
                LiveBuildObserver? live = null;
                try
                {
                    summary = await new Progress(_console.Ansi)
                        .AutoClear(true)
                        .HideCompleted(true)
                        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new StepCountColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                        .StartAsync(async context =>
                        {
                            live = new LiveBuildObserver(context, _console.Ansi, _output.Verbosity);
                            recorder = new RecordingBuildObserver(live);
                            return await _engine.BuildAsync(project, options, Observe(recorder), cancellationToken).ConfigureAwait(false);
                        }).ConfigureAwait(false);
                }
                finally
                {
                    if (live is not null)
                    {
                        diagnostics.WriteAll(live.HeldBackDiagnostics);
                    }
                }
            }
            else
            {
                recorder = new RecordingBuildObserver(new PlainBuildObserver(_console.Out, diagnostics, _output.Verbosity));
                summary = await _engine.BuildAsync(project, options, Observe(recorder), cancellationToken).ConfigureAwait(false);
            }

            diagnostics.WriteAll(summary.Diagnostics);
            if (summary.Cancelled || cancellationToken.IsCancellationRequested)
            {
                return Cancelled(BuildSummaryLine.Format(summary));
            }

            if (summary.ExitCode == ExitCodes.BadUsage && summary.Outcomes.Count == 0)
            {
                // The configuration is unusable: nothing was attempted, the diagnostics say why.
                return ExitCodes.BadUsage;
            }

            if (_output.Verbosity >= Verbosity.Detailed)
            {
                // Says whether a model was loaded at all: a fully cached build must open none.
                _console.Out.WriteLine($"{summary.SessionsOpened} model sessions opened");
            }

            if (_output.Verbosity >= Verbosity.Minimal)
            {
                _console.Out.WriteLine(BuildSummaryLine.Format(summary));
            }

            if (timed is not null)
            {
                TimingsTable.Write(_console.Out, timed, Process.GetCurrentProcess().PeakWorkingSet64);
            }

            return summary.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The engine reports cancellation in its summary; this covers a plugin that throws it.
            return Cancelled(BuildSummaryLine.Format(recorder?.Finished ?? [], stopwatch.Elapsed));
        }
        catch (PluginException exception)
        {
            // A plugin's message is meant for the user: no stack trace.
            diagnostics.Write(Diagnostic.Error(exception.Code, exception.Message));
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// Builds the project writing JSON lines to stdout (see <see cref="JsonLinesBuildObserver"/>)
    /// instead of text, and returns the exit code. Logs still go to stderr.
    /// </summary>
    public async Task<int> RunJsonLinesAsync(string projectDirectory, BuildOptions options, CancellationToken cancellationToken)
    {
        var observer = new JsonLinesBuildObserver(_console.Out);
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        void Report(Diagnostic diagnostic)
        {
            diagnostics.Write(diagnostic);
            observer.OnDiagnostic(diagnostic);
        }

        if (ProjectDirectory.ResolveProject(projectDirectory, Report) is not { } project)
        {
            return ExitCodes.BadUsage;
        }

        try
        {
            var summary = await _engine.BuildAsync(project, options, observer, cancellationToken).ConfigureAwait(false);
            if (ProjectConfigLoader.Load(project).Config is { } config)
            {
                observer.WriteInputs(config);
            }

            var exitCode = summary.Cancelled || cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : summary.ExitCode;
            observer.WriteSummary(summary, exitCode);
            return exitCode;
        }
        catch (PluginException exception)
        {
            observer.OnDiagnostic(Diagnostic.Error(exception.Code, exception.Message));
            return ExitCodes.Failed;
        }
    }

    private int Cancelled(string summaryLine)
    {
        _console.Error.WriteLine("assetforge: build cancelled; finished assets are kept, the rest build next time.");
        _console.Out.WriteLine(summaryLine + " (cancelled)");
        return ExitCodes.Cancelled;
    }
}
