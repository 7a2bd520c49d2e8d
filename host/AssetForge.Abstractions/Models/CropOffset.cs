namespace AssetForge.Abstractions.Models;

/// <summary>The top-left corner of a crop, in pixels from the top and from the left (SDXL's <c>crops_coords_top_left</c>).</summary>
/// <param name="Top">Pixels from the top edge.</param>
/// <param name="Left">Pixels from the left edge.</param>
/// <remarks>Added in contract 1.4.</remarks>
public readonly record struct CropOffset(int Top, int Left);
