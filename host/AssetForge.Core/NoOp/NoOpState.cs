namespace AssetForge.Core.NoOp;

/// <summary>
/// What the last complete, clean build of a project saw, ninja-log style: every input a key
/// depends on with its stamp, every folder the spec search walked with its listing, and every
/// output as written. While all of it is unchanged, every target is current, so a no-op build or
/// status can say so without loading the config, specs, plugins or models.
/// </summary>
/// <param name="Tool">The engine's identity (<see cref="NoOpToolIdentity"/>): another tool build proves nothing.</param>
/// <param name="Environment">The <c>ASSETFORGE_*</c> environment variables the build ran with.</param>
/// <param name="SpecList">The explicit spec list (<c>--specs-from</c>), one path per line; null when the config's globs chose the specs.</param>
/// <param name="Inputs">Config, specs, plugin files, model files and every other file planning read or looked for.</param>
/// <param name="Listings">The folders the spec search walked (empty with an explicit spec list).</param>
/// <param name="Targets">Every target, ordered by id.</param>
/// <param name="Layout">The config's folders, for hosts that watch them.</param>
public sealed record NoOpState(
    string Tool,
    string Environment,
    string? SpecList,
    NoOpProjectLayout Layout,
    IReadOnlyList<StampedPath> Inputs,
    IReadOnlyList<ListedDirectory> Listings,
    IReadOnlyList<NoOpTarget> Targets);
