namespace AssetForge.Onnx.Tests.Support;

using SkiaSharp;

/// <summary>
/// How visible the seam is where an image meets a copy of itself: the mean absolute RGB difference
/// across the wrapped edge (last column against first, last row against first), next to the mean
/// difference between neighbouring columns/rows inside the image.
/// </summary>
internal readonly record struct SeamMeasure(double EdgeX, double InteriorX, double EdgeY, double InteriorY)
{
    public static SeamMeasure Of(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        int width = bitmap.Width, height = bitmap.Height;
        double edgeX = 0, interiorX = 0, edgeY = 0, interiorY = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                var right = bitmap.GetPixel((x + 1) % width, y);
                var below = bitmap.GetPixel(x, (y + 1) % height);
                var dx = Difference(p, right);
                var dy = Difference(p, below);
                if (x == width - 1)
                {
                    edgeX += dx;
                }
                else
                {
                    interiorX += dx;
                }

                if (y == height - 1)
                {
                    edgeY += dy;
                }
                else
                {
                    interiorY += dy;
                }
            }
        }

        return new SeamMeasure(edgeX / height, interiorX / ((width - 1) * height), edgeY / width, interiorY / ((height - 1) * width));
    }

    public override string ToString() =>
        FormattableString.Invariant($"x: edge {EdgeX:F2} vs interior {InteriorX:F2} (ratio {EdgeX / InteriorX:F2}); y: edge {EdgeY:F2} vs interior {InteriorY:F2} (ratio {EdgeY / InteriorY:F2})");

    private static double Difference(SKColor a, SKColor b) =>
        (Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue)) / 3.0;
}
