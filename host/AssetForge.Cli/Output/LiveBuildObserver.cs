namespace AssetForge.Cli.Output;

using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using Spectre.Console;

/// <summary>
/// Build output on an interactive terminal: a bar for the whole build and one per asset being
/// generated, advancing per denoising step; finished assets scroll above the bars. Diagnostics are
/// held back until the live display ends, since writing to stderr under it would tear the bars.
/// </summary>
public sealed class LiveBuildObserver : IBuildObserver
{
    private readonly ProgressContext _context;
    private readonly IAnsiConsole _console;
    private readonly Verbosity _verbosity;
    private readonly Dictionary<string, ProgressTask> _generating = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> _heldBack = [];
    private readonly Lock _gate = new();
    private ProgressTask? _overall;

    /// <summary>Creates an observer drawing into a running progress display.</summary>
    public LiveBuildObserver(ProgressContext context, IAnsiConsole console, Verbosity verbosity)
    {
        _context = context;
        _console = console;
        _verbosity = verbosity;
    }

    /// <summary>The diagnostics to print once the live display has ended.</summary>
    public IReadOnlyList<Diagnostic> HeldBackDiagnostics
    {
        get
        {
            lock (_gate)
            {
                return [.. _heldBack];
            }
        }
    }

    /// <inheritdoc />
    public void OnPlanned(int assetCount, int toGenerate)
    {
        lock (_gate)
        {
            _overall = _context.AddTask(
                toGenerate > 0 ? $"[bold]{assetCount} assets[/], {toGenerate} to generate" : $"[bold]{assetCount} assets[/]",
                autoStart: true,
                maxValue: Math.Max(assetCount, 1));
        }
    }

    /// <inheritdoc />
    public void OnGenerationStarted(string assetId, int totalSteps)
    {
        lock (_gate)
        {
            _generating[assetId] = _context.AddTask("  " + Markup.Escape(assetId), autoStart: true, maxValue: Math.Max(totalSteps, 1));
        }
    }

    /// <inheritdoc />
    public void OnGenerationStep(string assetId, int step, int totalSteps)
    {
        lock (_gate)
        {
            if (_generating.TryGetValue(assetId, out var task))
            {
                task.Value = step;
            }
        }
    }

    /// <inheritdoc />
    public void OnAssetFinished(AssetOutcome outcome)
    {
        lock (_gate)
        {
            if (_generating.Remove(outcome.AssetId, out var task))
            {
                task.Value = task.MaxValue;
                task.StopTask();
                _context.RemoveTask(task);
            }

            _overall?.Increment(1);
            _heldBack.AddRange(outcome.Diagnostics);

            var id = Markup.Escape(outcome.AssetId);
            var markup = outcome.Kind switch
            {
                AssetOutcomeKind.Generated when _verbosity >= Verbosity.Normal => $"[green]generated[/]  {id}",
                AssetOutcomeKind.FromCache when _verbosity >= Verbosity.Normal => $"[blue]from cache[/] {id}",
                AssetOutcomeKind.UpToDate when _verbosity >= Verbosity.Detailed => $"[grey]up to date[/] {id}",
                AssetOutcomeKind.Failed when _verbosity >= Verbosity.Minimal => $"[red]failed[/]     {id}",
                AssetOutcomeKind.Cancelled when _verbosity >= Verbosity.Normal => $"[yellow]cancelled[/]  {id}",
                _ => null,
            };
            if (markup is not null)
            {
                _console.MarkupLine(markup);
            }
        }
    }

    /// <inheritdoc />
    public void OnModelCompiled(string model, string key, bool fromRemoteCache, TimeSpan elapsed)
    {
        if (_verbosity >= Verbosity.Normal)
        {
            lock (_gate)
            {
                _console.MarkupLine("[blue]" + Markup.Escape(CompiledModelLine.Of(model, key, fromRemoteCache, elapsed)) + "[/]");
            }
        }
    }

    /// <inheritdoc />
    public void OnDiagnostic(Diagnostic diagnostic)
    {
        lock (_gate)
        {
            _heldBack.Add(diagnostic);
        }
    }
}
