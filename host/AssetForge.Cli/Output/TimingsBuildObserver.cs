namespace AssetForge.Cli.Output;

using System.Collections.Concurrent;
using AssetForge.Abstractions.Models;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;

/// <summary>
/// <c>build --timings</c>: forwards everything to another observer and keeps the model load times
/// and each generated asset's <see cref="GenerationTimings"/>, in the order they came.
/// </summary>
public sealed class TimingsBuildObserver : IBuildObserver
{
    private readonly IBuildObserver _inner;
    private readonly ConcurrentQueue<(string Model, string ExecutionProvider, TimeSpan LoadTime)> _models = new();
    private readonly ConcurrentQueue<(string AssetId, GenerationTimings Timings)> _assets = new();

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public TimingsBuildObserver(IBuildObserver inner) => _inner = inner;

    /// <summary>Each model opened: its name, provider and load time.</summary>
    public IReadOnlyCollection<(string Model, string ExecutionProvider, TimeSpan LoadTime)> Models => _models;

    /// <summary>Each generated asset's timings.</summary>
    public IReadOnlyCollection<(string AssetId, GenerationTimings Timings)> Assets => _assets;

    /// <inheritdoc />
    public void OnPlanned(int assetCount, int toGenerate) => _inner.OnPlanned(assetCount, toGenerate);

    /// <inheritdoc />
    public void OnGenerationStarted(string assetId, int totalSteps) => _inner.OnGenerationStarted(assetId, totalSteps);

    /// <inheritdoc />
    public void OnGenerationStep(string assetId, int step, int totalSteps) => _inner.OnGenerationStep(assetId, step, totalSteps);

    /// <inheritdoc />
    public void OnAssetFinished(AssetOutcome outcome) => _inner.OnAssetFinished(outcome);

    /// <inheritdoc />
    public void OnDiagnostic(Diagnostic diagnostic) => _inner.OnDiagnostic(diagnostic);

    /// <inheritdoc />
    public void OnModelOpened(string model, string executionProvider, TimeSpan loadTime)
    {
        _models.Enqueue((model, executionProvider, loadTime));
        _inner.OnModelOpened(model, executionProvider, loadTime);
    }

    /// <inheritdoc />
    public void OnModelCompiled(string model, string key, bool fromRemoteCache, TimeSpan elapsed) => _inner.OnModelCompiled(model, key, fromRemoteCache, elapsed);

    /// <inheritdoc />
    public void OnGenerationTimed(string assetId, GenerationTimings timings)
    {
        _assets.Enqueue((assetId, timings));
        _inner.OnGenerationTimed(assetId, timings);
    }
}
