namespace AssetForge.Core.Build;

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
}
