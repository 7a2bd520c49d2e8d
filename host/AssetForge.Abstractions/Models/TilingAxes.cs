namespace AssetForge.Abstractions.Models;

/// <summary>
/// The axes along which a generated image wraps around, so that copies placed side by side show no
/// seam (a spec's <c>tiling:</c>). A backend makes the model's convolutions pad circularly along
/// these axes, as AUTOMATIC1111's and InvokeAI's "seamless" options do.
/// </summary>
[Flags]
public enum TilingAxes
{
    /// <summary>An ordinary image: convolutions pad with zeros.</summary>
    None = 0,

    /// <summary>The image wraps horizontally: its right edge continues into its left edge.</summary>
    X = 1,

    /// <summary>The image wraps vertically: its bottom edge continues into its top edge.</summary>
    Y = 2,

    /// <summary>The image wraps along both axes (a seamless texture).</summary>
    Both = X | Y,
}
