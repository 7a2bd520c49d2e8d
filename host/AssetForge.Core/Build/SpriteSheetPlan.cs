namespace AssetForge.Core.Build;

/// <summary>
/// A <c>sheet:</c> asset as planned: two derived assets, the atlas PNG (<see cref="ImageAssetId"/>)
/// and its TexturePacker "JSON (Hash)" map (<see cref="MapAssetId"/>, <c>&lt;output&gt;.json</c>),
/// packed together from the members' outputs. Their keys cover the members' keys in order, the
/// packer's version and the parameters, so they are rebuilt only when a member's output changes.
/// </summary>
/// <param name="MemberIds">The members' asset ids, sorted (ordinal): the packing order and the frame names.</param>
/// <param name="Padding">Transparent pixels around each frame.</param>
/// <param name="MaxWidth">The atlas's maximum width.</param>
/// <param name="ImageAssetId">The atlas asset's id (the spec's id).</param>
/// <param name="MapAssetId">The map asset's id (<c>&lt;id&gt;:map</c>).</param>
/// <param name="ImageFileName">The atlas's file name, as the map's <c>meta.image</c>.</param>
internal sealed record SpriteSheetPlan(
    IReadOnlyList<string> MemberIds,
    int Padding,
    int MaxWidth,
    string ImageAssetId,
    string MapAssetId,
    string ImageFileName)
{
    /// <summary>Bump when the packing or the map's content changes: it is part of the sheet's key.</summary>
    public const string PackerVersion = "shelf 1";

    /// <summary>Packer, trimming, rotation, sizes and map format (its fields are in the sheet's key).</summary>
    public Sheets.SheetLayout Layout { get; init; } = Sheets.SheetLayout.Default;
}
