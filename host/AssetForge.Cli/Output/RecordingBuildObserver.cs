namespace AssetForge.Cli.Output;

using System.Collections.Concurrent;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;

/// <summary>
/// Forwards to another observer and keeps every finished asset, so a build interrupted by Ctrl+C
/// (which ends without a <see cref="BuildSummary"/>) can still say what it finished.
/// </summary>
public sealed class RecordingBuildObserver : IBuildObserver
{
    private readonly IBuildObserver _inner;
    private readonly ConcurrentQueue<AssetOutcome> _finished = new();

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public RecordingBuildObserver(IBuildObserver inner) => _inner = inner;

    /// <summary>The assets finished so far, in the order they finished.</summary>
    public IReadOnlyCollection<AssetOutcome> Finished => _finished;

    /// <inheritdoc />
    public void OnPlanned(int assetCount, int toGenerate) => _inner.OnPlanned(assetCount, toGenerate);

    /// <inheritdoc />
    public void OnGenerationStarted(string assetId, int totalSteps) => _inner.OnGenerationStarted(assetId, totalSteps);

    /// <inheritdoc />
    public void OnGenerationStep(string assetId, int step, int totalSteps) => _inner.OnGenerationStep(assetId, step, totalSteps);

    /// <inheritdoc />
    public void OnAssetFinished(AssetOutcome outcome)
    {
        _finished.Enqueue(outcome);
        _inner.OnAssetFinished(outcome);
    }

    /// <inheritdoc />
    public void OnDiagnostic(Diagnostic diagnostic) => _inner.OnDiagnostic(diagnostic);

    /// <inheritdoc />
    public void OnModelCompiled(string model, string key, bool fromRemoteCache, TimeSpan elapsed) => _inner.OnModelCompiled(model, key, fromRemoteCache, elapsed);
}
