namespace AssetForge.Onnx.Imaging.PostSteps;

/// <summary>
/// Separable Lanczos-3 resampling of RGBA8 pixels, on premultiplied values (so transparent pixels
/// do not bleed their colour into edges), widened by the scale factor when shrinking (so it
/// filters rather than aliases). Scalar double arithmetic in a fixed order: the same input gives
/// the same bytes on every machine.
/// </summary>
internal static class LanczosResampler
{
    private const int Lobes = 3;

    /// <summary>Resizes; <paramref name="wrapX"/>/<paramref name="wrapY"/> read taps past an edge from the opposite edge (tiling images) instead of clamping.</summary>
    public static byte[] Resize(byte[] source, int sourceWidth, int sourceHeight, int width, int height, bool wrapX, bool wrapY)
    {
        var premultiplied = new double[source.Length];
        for (var i = 0; i < source.Length; i += 4)
        {
            var alpha = source[i + 3] / 255.0;
            premultiplied[i] = source[i] * alpha;
            premultiplied[i + 1] = source[i + 1] * alpha;
            premultiplied[i + 2] = source[i + 2] * alpha;
            premultiplied[i + 3] = source[i + 3];
        }

        // Horizontal pass: sourceWidth x sourceHeight -> width x sourceHeight.
        var horizontal = new double[width * sourceHeight * 4];
        var (xStarts, xWeights, xTaps) = Weights(sourceWidth, width);
        for (var y = 0; y < sourceHeight; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double r = 0, g = 0, b = 0, a = 0;
                for (var t = 0; t < xTaps; t++)
                {
                    var weight = xWeights[(x * xTaps) + t];
                    var sx = Edge(xStarts[x] + t, sourceWidth, wrapX);
                    var s = ((y * sourceWidth) + sx) * 4;
                    r += premultiplied[s] * weight;
                    g += premultiplied[s + 1] * weight;
                    b += premultiplied[s + 2] * weight;
                    a += premultiplied[s + 3] * weight;
                }

                var d = ((y * width) + x) * 4;
                (horizontal[d], horizontal[d + 1], horizontal[d + 2], horizontal[d + 3]) = (r, g, b, a);
            }
        }

        // Vertical pass, then back to unpremultiplied bytes.
        var result = new byte[width * height * 4];
        var (yStarts, yWeights, yTaps) = Weights(sourceHeight, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double r = 0, g = 0, b = 0, a = 0;
                for (var t = 0; t < yTaps; t++)
                {
                    var weight = yWeights[(y * yTaps) + t];
                    var sy = Edge(yStarts[y] + t, sourceHeight, wrapY);
                    var s = ((sy * width) + x) * 4;
                    r += horizontal[s] * weight;
                    g += horizontal[s + 1] * weight;
                    b += horizontal[s + 2] * weight;
                    a += horizontal[s + 3] * weight;
                }

                var d = ((y * width) + x) * 4;
                var alpha = Math.Clamp(a, 0, 255);
                var scale = alpha > 0 ? 255.0 / alpha : 0;
                result[d] = ToByte(r * scale);
                result[d + 1] = ToByte(g * scale);
                result[d + 2] = ToByte(b * scale);
                result[d + 3] = ToByte(alpha);
            }
        }

        return result;
    }

    // Per output pixel: the first source index and `taps` normalised weights (pixel centres aligned, half-pixel convention).
    private static (int[] Starts, double[] Weights, int Taps) Weights(int sourceSize, int size)
    {
        var scale = (double)size / sourceSize;
        var filterScale = Math.Max(1.0, 1.0 / scale);
        var support = Lobes * filterScale;
        var taps = (int)Math.Ceiling(support) * 2 + 1;
        var starts = new int[size];
        var weights = new double[size * taps];
        for (var i = 0; i < size; i++)
        {
            var center = ((i + 0.5) / scale) - 0.5;
            var start = (int)Math.Floor(center - support) + 1;
            starts[i] = start;
            double sum = 0;
            for (var t = 0; t < taps; t++)
            {
                var w = Kernel((start + t - center) / filterScale);
                weights[(i * taps) + t] = w;
                sum += w;
            }

            if (sum != 0)
            {
                for (var t = 0; t < taps; t++)
                {
                    weights[(i * taps) + t] /= sum;
                }
            }
        }

        return (starts, weights, taps);
    }

    private static int Edge(int index, int size, bool wrap) =>
        wrap ? (((index % size) + size) % size) : Math.Clamp(index, 0, size - 1);

    private static double Kernel(double x)
    {
        x = Math.Abs(x);
        if (x < 1e-12)
        {
            return 1;
        }

        if (x >= Lobes)
        {
            return 0;
        }

        var px = Math.PI * x;
        return Lobes * Math.Sin(px) * Math.Sin(px / Lobes) / (px * px);
    }

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value, MidpointRounding.ToEven), 0, 255);
}
