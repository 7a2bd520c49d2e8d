namespace AssetForge.Core.Sheets;

/// <summary>
/// Shelf packing in the given order: left to right, a new shelf when the next frame would pass the
/// maximum width; <c>padding</c> transparent pixels around every frame, shared between neighbours.
/// Stable: adding a member moves only those after it. Never rotates.
/// </summary>
public static class ShelfPacker
{
    /// <summary>Packs frames of the given sizes.</summary>
    public static PackedFrames Pack(IReadOnlyList<(int Width, int Height)> sizes, int padding, int maxWidth)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var places = new PixelRect[sizes.Count];
        int x = padding, y = padding, shelfHeight = 0, usedWidth = 0;
        for (var i = 0; i < sizes.Count; i++)
        {
            var (w, h) = sizes[i];
            if (w + (2 * padding) > maxWidth)
            {
                return PackedFrames.Failure($"frame {i + 1} is {w} pixels wide, more than max_width {maxWidth} minus the padding");
            }

            if (x + w + padding > maxWidth && x > padding)
            {
                y += shelfHeight + padding;
                x = padding;
                shelfHeight = 0;
            }

            places[i] = new PixelRect(x, y, w, h);
            x += w + padding;
            shelfHeight = Math.Max(shelfHeight, h);
            usedWidth = Math.Max(usedWidth, x);
        }

        return new PackedFrames(places, new bool[sizes.Count], Math.Max(1, usedWidth), Math.Max(1, y + shelfHeight + padding), null);
    }
}
