namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;
using AssetForge.Core.Diagnostics;

/// <summary>
/// Receives a build's progress (the CLI draws progress bars from it, the MSBuild task logs it).
/// Called from the build's threads; implementations must be thread-safe and fast.
/// </summary>
public interface IBuildObserver
{
    /// <summary>The plan is known: how many assets, and how many must be generated.</summary>
    void OnPlanned(int assetCount, int toGenerate);

    /// <summary>Generation of an asset started.</summary>
    void OnGenerationStarted(string assetId, int totalSteps);

    /// <summary>A denoising step of an asset finished.</summary>
    void OnGenerationStep(string assetId, int step, int totalSteps);

    /// <summary>An asset is done (in any way).</summary>
    void OnAssetFinished(AssetOutcome outcome);

    /// <summary>A diagnostic was produced (errors and warnings, as they happen).</summary>
    void OnDiagnostic(Diagnostic diagnostic);

    /// <summary>A model's sessions were opened, taking <paramref name="loadTime"/> (<c>build --timings</c>).</summary>
    /// <param name="model">The model's name in the config.</param>
    /// <param name="executionProvider">The provider in use.</param>
    /// <param name="loadTime">How long opening took.</param>
    void OnModelOpened(string model, string executionProvider, TimeSpan loadTime)
    {
    }

    /// <summary>The backend said where an asset's generation time went (before <see cref="OnAssetFinished"/> for it).</summary>
    /// <param name="assetId">The asset.</param>
    /// <param name="timings">The backend's figures.</param>
    void OnGenerationTimed(string assetId, GenerationTimings timings)
    {
    }
}
