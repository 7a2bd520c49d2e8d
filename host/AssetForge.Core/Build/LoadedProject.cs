namespace AssetForge.Core.Build;

using AssetForge.Core.Plugins;
using AssetForge.Core.Specs;

/// <summary>A project with its config read, plugins loaded, specs validated and every valid asset keyed.</summary>
/// <param name="Config">The config.</param>
/// <param name="Catalog">The loaded plugins.</param>
/// <param name="Assets">Assets ready to build.</param>
/// <param name="Failures">Spec files and assets that failed (Failed outcomes with their diagnostics).</param>
/// <param name="AllAssetIds">The ids of every valid asset, before any filtering by id.</param>
/// <param name="SomeSpecFileFailed">Whether some spec failed before it had an id (so ids missing from <paramref name="Assets"/> may still exist).</param>
internal sealed record LoadedProject(
    ProjectConfig Config,
    PluginCatalog Catalog,
    IReadOnlyList<PlannedAsset> Assets,
    IReadOnlyList<AssetOutcome> Failures,
    IReadOnlyCollection<string> AllAssetIds,
    bool SomeSpecFileFailed);
