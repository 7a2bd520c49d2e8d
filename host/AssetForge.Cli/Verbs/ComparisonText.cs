namespace AssetForge.Cli.Verbs;

using System.Globalization;
using AssetForge.Core.Imaging;

/// <summary>The one-line summary of an <see cref="ImageComparison"/> that diff and verify print.</summary>
public static class ComparisonText
{
    /// <summary>e.g. <c>max 12, mean 0.8312, PSNR 41.07 dB, 310 pixels changed in 20x18 at (4,7)</c>.</summary>
    public static string Format(ImageComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var inv = CultureInfo.InvariantCulture;
        if (comparison.Identical)
        {
            return "identical pixels (max 0, mean 0, PSNR inf)";
        }

        var box = comparison.ChangedBounds!.Value;
        return string.Create(inv, $"max {comparison.MaxAbsoluteDifference}, mean {comparison.MeanAbsoluteDifference:0.0000}, PSNR {comparison.Psnr:0.00} dB, {comparison.ChangedPixels} pixels changed in {box.Width}x{box.Height} at ({box.X},{box.Y})");
    }
}
