namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;

/// <summary>Forwards a batched call's step reports to the observer for each asset of the batch in progress.</summary>
internal sealed class BatchStepReporter(IBuildObserver observer, IReadOnlyList<string> assetIds) : IProgress<GenerationProgress>
{
    public void Report(GenerationProgress value)
    {
        var end = Math.Min(assetIds.Count, value.JobIndex + value.JobCount);
        for (var i = value.JobIndex; i < end; i++)
        {
            observer.OnGenerationStep(assetIds[i], value.Step, value.TotalSteps);
        }
    }
}
