namespace AssetForge.Core.Sheets;

using AssetForge.Abstractions.Imaging;

/// <summary>A composed sprite sheet: the atlas pixels, its map's bytes and where every frame went.</summary>
/// <param name="Atlas">The atlas, unpremultiplied RGBA, transparent where no frame is.</param>
/// <param name="Map">The map file's bytes in the layout's format.</param>
/// <param name="Frames">The frames in member order.</param>
public sealed record SheetResult(RgbaImage Atlas, byte[] Map, IReadOnlyList<SheetFrame> Frames);
