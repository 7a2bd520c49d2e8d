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

    /// <summary>
    /// A checkpoint's compile-model node was produced for this build: compiled here, taking
    /// <paramref name="elapsed"/>, or copied in from the remote (team) cache. Not called when the
    /// compiled model was already in the local cache, or when nothing needed it.
    /// </summary>
    /// <param name="model">The model's name in the config.</param>
    /// <param name="key">The compile node's key.</param>
    /// <param name="fromRemoteCache">Whether it was downloaded rather than compiled.</param>
    /// <param name="elapsed">How long compiling took (zero when downloaded).</param>
    void OnModelCompiled(string model, string key, bool fromRemoteCache, TimeSpan elapsed)
    {
    }

    /// <summary>The backend said where an asset's generation time went (before <see cref="OnAssetFinished"/> for it).</summary>
    /// <param name="assetId">The asset.</param>
    /// <param name="timings">The backend's figures.</param>
    void OnGenerationTimed(string assetId, GenerationTimings timings)
    {
    }
}
