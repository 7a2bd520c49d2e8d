namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;

/// <summary>
/// Forwards a model's step reports to the observer synchronously (unlike <see cref="Progress{T}"/>,
/// which posts to a synchronization context and can deliver reports after the asset is done).
/// </summary>
internal sealed class StepReporter(IBuildObserver observer, string assetId) : IProgress<GenerationProgress>
{
    public void Report(GenerationProgress value) => observer.OnGenerationStep(assetId, value.Step, value.TotalSteps);
}
