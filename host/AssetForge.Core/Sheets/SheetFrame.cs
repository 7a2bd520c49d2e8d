namespace AssetForge.Core.Sheets;

/// <summary>
/// One member's place in the atlas, in TexturePacker's terms.
/// </summary>
/// <param name="Name">The frame's name (the member's asset id).</param>
/// <param name="Frame">Where the (trimmed) pixels are in the atlas, with the width and height of the unrotated frame.</param>
/// <param name="Rotated">Stored turned 90° clockwise: the atlas region is <see cref="PixelRect.Height"/> wide and <see cref="PixelRect.Width"/> high.</param>
/// <param name="SpriteSourceSize">The trimmed rectangle inside the source image.</param>
/// <param name="SourceWidth">The member image's width before trimming.</param>
/// <param name="SourceHeight">The member image's height before trimming.</param>
public sealed record SheetFrame(string Name, PixelRect Frame, bool Rotated, PixelRect SpriteSourceSize, int SourceWidth, int SourceHeight)
{
    /// <summary>Whether trimming removed anything.</summary>
    public bool Trimmed => SpriteSourceSize != new PixelRect(0, 0, SourceWidth, SourceHeight);
}
