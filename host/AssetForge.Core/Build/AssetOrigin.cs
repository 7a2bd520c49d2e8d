namespace AssetForge.Core.Build;

/// <summary>Where an asset comes from: its spec's id, its role, and its coordinates in a variants list or sweep.</summary>
/// <param name="SpecId">The id written in (or defaulted for) the spec.</param>
/// <param name="Role">The asset's role.</param>
/// <param name="Coordinates">Field → value of this variant or cell (e.g. <c>cfg=7</c>, <c>steps=20</c>); empty otherwise.</param>
public sealed record AssetOrigin(string SpecId, AssetRole Role, IReadOnlyList<KeyValuePair<string, string>> Coordinates)
{
    /// <summary>The origin of a plain asset.</summary>
    public static AssetOrigin Single(string id) => new(id, AssetRole.Single, []);
}
