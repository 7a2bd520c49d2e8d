namespace AssetForge.Core.Imaging;

/// <summary>How two images of the same size differ (8-bit RGBA, all four channels compared).</summary>
/// <param name="Width">Width of both images.</param>
/// <param name="Height">Height of both images.</param>
/// <param name="ChangedPixels">Pixels where any channel differs.</param>
/// <param name="MaxAbsoluteDifference">The largest per-channel difference, 0 to 255.</param>
/// <param name="MeanAbsoluteDifference">The mean per-channel difference over every channel of every pixel.</param>
/// <param name="Psnr">Peak signal-to-noise ratio in dB (peak 255); +∞ when identical.</param>
/// <param name="ChangedBounds">The bounding box of changed pixels (x, y, width, height); null when identical.</param>
/// <param name="Difference">Per-channel absolute difference as an opaque RGB image (the alpha difference is folded into RGB's maximum).</param>
public sealed record ImageComparison(
    int Width,
    int Height,
    long ChangedPixels,
    int MaxAbsoluteDifference,
    double MeanAbsoluteDifference,
    double Psnr,
    (int X, int Y, int Width, int Height)? ChangedBounds,
    byte[] Difference)
{
    /// <summary>Whether the pixels are the same.</summary>
    public bool Identical => ChangedPixels == 0;

    /// <summary>Whether no channel differs by more than <paramref name="tolerance"/>.</summary>
    public bool WithinTolerance(int tolerance) => MaxAbsoluteDifference <= tolerance;
}
