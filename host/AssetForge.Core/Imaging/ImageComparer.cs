namespace AssetForge.Core.Imaging;

using AssetForge.Abstractions.Imaging;

/// <summary>
/// Compares decoded images pixel by pixel (decoding is the toolkit's job: Core has no imaging
/// library). Exact and tolerant comparisons read the same figures, as ImageSharp's exact and
/// tolerant comparers do: identical means every channel equal; within tolerance N means no
/// channel differs by more than N.
/// </summary>
public static class ImageComparer
{
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static ImageComparison Compare(RgbaImage a, RgbaImage b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException($"The images differ in size: {a.Width}x{a.Height} and {b.Width}x{b.Height}.", nameof(b));
        }

        var width = a.Width;
        var height = a.Height;
        var pa = a.Pixels.AsSpan(0, 4 * width * height);
        var pb = b.Pixels.AsSpan(0, 4 * width * height);
        var difference = new byte[pa.Length];
        long changed = 0;
        long sum = 0;
        double squares = 0;
        var max = 0;
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = 4 * ((y * width) + x);
                var pixelMax = 0;
                for (var c = 0; c < 4; c++)
                {
                    var d = Math.Abs(pa[o + c] - pb[o + c]);
                    sum += d;
                    squares += d * d;
                    pixelMax = Math.Max(pixelMax, d);
                    if (c < 3)
                    {
                        difference[o + c] = (byte)d;
                    }
                }

                var alpha = Math.Abs(pa[o + 3] - pb[o + 3]);
                for (var c = 0; c < 3; c++)
                {
                    difference[o + c] = (byte)Math.Max(difference[o + c], alpha);
                }

                difference[o + 3] = 255;
                if (pixelMax > 0)
                {
                    changed++;
                    max = Math.Max(max, pixelMax);
                    minX = Math.Min(minX, x);
                    minY = Math.Min(minY, y);
                    maxX = Math.Max(maxX, x);
                    maxY = Math.Max(maxY, y);
                }
            }
        }

        var samples = Math.Max(1L, pa.Length);
        var mse = squares / samples;
        var psnr = mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
        (int, int, int, int)? bounds = changed == 0 ? null : (minX, minY, maxX - minX + 1, maxY - minY + 1);
        return new ImageComparison(width, height, changed, max, (double)sum / samples, psnr, bounds, difference);
    }
}
