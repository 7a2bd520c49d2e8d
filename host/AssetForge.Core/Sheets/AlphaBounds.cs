namespace AssetForge.Core.Sheets;

using AssetForge.Abstractions.Imaging;

/// <summary>The smallest rectangle holding every pixel with non-zero alpha, for <c>trim: true</c>.</summary>
public static class AlphaBounds
{
    /// <summary>The bounds; a fully transparent image keeps a 1×1 frame at its top-left (as TexturePacker does), so every member stays addressable.</summary>
    public static PixelRect Of(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int left = image.Width, top = image.Height, right = -1, bottom = -1;
        var pixels = image.Pixels;
        for (var y = 0; y < image.Height; y++)
        {
            var row = y * image.Width * 4;
            for (var x = 0; x < image.Width; x++)
            {
                if (pixels[row + (x * 4) + 3] != 0)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = y;
                }
            }
        }

        return right < 0 ? new PixelRect(0, 0, 1, 1) : new PixelRect(left, top, right - left + 1, bottom - top + 1);
    }
}
