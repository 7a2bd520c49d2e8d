namespace AssetForge.Core.Actions;

using AssetForge.Core.Build;
using AssetForge.Core.Graph;

/// <summary>A sprite sheet node's work: its inputs are the members in packing order; it produces the atlas and the map together.</summary>
/// <param name="Sheet">The planned sheet (its <see cref="PlannedAsset.SpriteSheet"/> is the packing).</param>
internal sealed record SpriteSheetWork(PlannedAsset Sheet) : NodeWork
{
    /// <summary>The atlas PNG's output name.</summary>
    public const string AtlasOutput = "atlas";

    /// <summary>The TexturePacker JSON map's output name.</summary>
    public const string MapOutput = "map";
}
