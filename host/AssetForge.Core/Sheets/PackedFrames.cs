namespace AssetForge.Core.Sheets;

/// <summary>A packer's result: each frame's place (in the input order) and the atlas size, or why it could not pack.</summary>
/// <param name="Places">Where each frame's pixels go; for a rotated frame the width and height are the turned region's.</param>
/// <param name="Rotated">Whether each frame was turned 90° clockwise.</param>
/// <param name="Width">The atlas's width.</param>
/// <param name="Height">The atlas's height.</param>
/// <param name="Error">Why packing failed, or null.</param>
public sealed record PackedFrames(IReadOnlyList<PixelRect> Places, IReadOnlyList<bool> Rotated, int Width, int Height, string? Error)
{
    /// <summary>A failed packing.</summary>
    public static PackedFrames Failure(string error) => new([], [], 0, 0, error);
}
