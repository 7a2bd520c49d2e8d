namespace AssetForge.Cli.Output;

using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;

/// <summary>
/// Build output for logs and CI: one line per event on stdout, diagnostics on stderr as they
/// happen. Lines never interleave: the engine calls from several threads.
/// </summary>
public sealed class PlainBuildObserver : IBuildObserver
{
    private readonly TextWriter _out;
    private readonly DiagnosticWriter _diagnostics;
    private readonly Verbosity _verbosity;
    private readonly Lock _gate = new();

    /// <summary>Creates an observer.</summary>
    public PlainBuildObserver(TextWriter output, DiagnosticWriter diagnostics, Verbosity verbosity)
    {
        _out = output;
        _diagnostics = diagnostics;
        _verbosity = verbosity;
    }

    /// <inheritdoc />
    public void OnPlanned(int assetCount, int toGenerate)
    {
        if (_verbosity >= Verbosity.Normal)
        {
            WriteLine($"{assetCount} assets, {toGenerate} to generate");
        }
    }

    /// <inheritdoc />
    public void OnGenerationStarted(string assetId, int totalSteps)
    {
        if (_verbosity >= Verbosity.Normal)
        {
            WriteLine($"generating {assetId} ({totalSteps} steps)");
        }
    }

    /// <inheritdoc />
    public void OnGenerationStep(string assetId, int step, int totalSteps)
    {
        if (_verbosity >= Verbosity.Detailed)
        {
            WriteLine($"  {assetId}: step {step}/{totalSteps}");
        }
    }

    /// <inheritdoc />
    public void OnAssetFinished(AssetOutcome outcome)
    {
        var line = outcome.Kind switch
        {
            AssetOutcomeKind.Generated when _verbosity >= Verbosity.Normal => $"generated {outcome.AssetId} -> {DisplayPath.Of(outcome.OutputPath)}",
            AssetOutcomeKind.FromCache when _verbosity >= Verbosity.Normal => $"from cache {outcome.AssetId} -> {DisplayPath.Of(outcome.OutputPath)}",
            AssetOutcomeKind.UpToDate when _verbosity >= Verbosity.Detailed => $"up to date {outcome.AssetId}",
            AssetOutcomeKind.Failed when _verbosity >= Verbosity.Minimal => $"failed {outcome.AssetId}",
            AssetOutcomeKind.Cancelled when _verbosity >= Verbosity.Normal => $"cancelled {outcome.AssetId}",
            _ => null,
        };
        if (line is not null)
        {
            WriteLine(line);
        }

        _diagnostics.WriteAll(outcome.Diagnostics);
    }

    /// <inheritdoc />
    public void OnDiagnostic(Diagnostic diagnostic) => _diagnostics.Write(diagnostic);

    /// <inheritdoc />
    public void OnModelCompiled(string model, string key, bool fromRemoteCache, TimeSpan elapsed)
    {
        if (_verbosity >= Verbosity.Normal)
        {
            WriteLine(CompiledModelLine.Of(model, key, fromRemoteCache, elapsed));
        }
    }

    private void WriteLine(string line)
    {
        lock (_gate)
        {
            _out.WriteLine(line);
        }
    }
}
