namespace AssetForge.Core.Tests.Build;

using System.Collections.Concurrent;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;

/// <summary>Records what a build reports; can cancel the build at its first denoising step.</summary>
internal sealed class RecordingObserver : IBuildObserver
{
    private readonly CancellationTokenSource? _cancelOnStep;

    public RecordingObserver(CancellationTokenSource? cancelOnStep = null) => _cancelOnStep = cancelOnStep;

    public ConcurrentQueue<string> Events { get; } = new();

    public int Steps;

    /// <summary>Cancelled once the plan is known, before anything runs.</summary>
    public CancellationTokenSource? CancelOnPlanned { get; init; }

    public void OnPlanned(int assetCount, int toGenerate)
    {
        Events.Enqueue($"planned {assetCount} {toGenerate}");
        CancelOnPlanned?.Cancel();
    }

    public void OnGenerationStarted(string assetId, int totalSteps) => Events.Enqueue($"started {assetId}");

    public void OnGenerationStep(string assetId, int step, int totalSteps)
    {
        Interlocked.Increment(ref Steps);
        _cancelOnStep?.Cancel();
    }

    public void OnAssetFinished(AssetOutcome outcome) => Events.Enqueue($"finished {outcome.AssetId} {outcome.Kind}");

    public void OnDiagnostic(Diagnostic diagnostic) => Events.Enqueue(diagnostic.ToString());
}
