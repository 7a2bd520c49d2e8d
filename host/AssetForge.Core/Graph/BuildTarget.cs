namespace AssetForge.Core.Graph;

using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;

/// <summary>
/// An output file of the project and the node output it is a copy of. Targets are what a build
/// reports (one outcome each), records in the build state and the lock file, and selects with
/// <c>--asset</c>.
/// </summary>
/// <param name="Id">The asset id (<c>icons/sword</c>, <c>items/potion:s7</c>, <c>ui/icon-sheet:map</c>).</param>
/// <param name="SpecId">The id of the spec it comes from (the sweep, variants or sheet spec).</param>
/// <param name="OutputPath">The absolute output path.</param>
/// <param name="Output">The output path relative to the output root, as the lock file records it.</param>
/// <param name="Source">The node output it is a copy of.</param>
/// <param name="Fields">The key's inputs (field → canonical JSON) as <c>status</c> compares them.</param>
/// <param name="Location">Where the asset is written (its spec).</param>
/// <param name="Asset">The planned asset it was lowered from.</param>
internal sealed record BuildTarget(
    string Id,
    string SpecId,
    string OutputPath,
    string Output,
    NodeOutputRef Source,
    IReadOnlyDictionary<string, string> Fields,
    SourceLocation? Location,
    PlannedAsset Asset);
