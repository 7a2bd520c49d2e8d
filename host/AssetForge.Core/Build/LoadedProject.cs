namespace AssetForge.Core.Build;

using AssetForge.Core.Plugins;
using AssetForge.Core.Specs;

/// <summary>A project with its config read, plugins loaded, specs validated and every valid asset keyed.</summary>
/// <param name="Config">The config.</param>
/// <param name="Catalog">The loaded plugins.</param>
/// <param name="Assets">Every asset that could be keyed.</param>
/// <param name="SpecFileFailures">Spec files that failed to load (Failed outcomes named after the file; their diagnostics are already reported).</param>
/// <param name="AssetFailures">Assets that could not be keyed (Failed outcomes; their diagnostics are not reported yet).</param>
/// <param name="AllAssetIds">The ids of every asset a spec defines.</param>
/// <param name="SomeSpecFileFailed">Whether some spec failed before it had an id (so ids missing from <paramref name="Assets"/> may still exist).</param>
internal sealed record LoadedProject(
    ProjectConfig Config,
    PluginCatalog Catalog,
    IReadOnlyList<PlannedAsset> Assets,
    IReadOnlyList<AssetOutcome> SpecFileFailures,
    IReadOnlyList<AssetOutcome> AssetFailures,
    IReadOnlyCollection<string> AllAssetIds,
    bool SomeSpecFileFailed);
