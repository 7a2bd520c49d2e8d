namespace AssetForge.Core.Build;

/// <summary>
/// Deterministic shelf packing: frames in the given order, left to right, a new shelf when the
/// next frame would pass the maximum width; every frame has <c>padding</c> transparent pixels on
/// each side (shared between neighbours). Simple and stable: adding a member moves only those after it.
/// </summary>
internal static class SpriteSheetPacker
{
    /// <summary>A frame's place in the atlas.</summary>
    public readonly record struct Frame(int X, int Y, int Width, int Height);

    /// <summary>Packs frames of the given sizes.</summary>
    /// <returns>The frames (same order) and the atlas size, or an error when a frame is wider than the maximum.</returns>
    public static (IReadOnlyList<Frame> Frames, int Width, int Height, string? Error) Pack(IReadOnlyList<(int Width, int Height)> sizes, int padding, int maxWidth)
    {
        var frames = new List<Frame>(sizes.Count);
        int x = padding, y = padding, shelfHeight = 0, usedWidth = 0;
        for (var i = 0; i < sizes.Count; i++)
        {
            var (w, h) = sizes[i];
            if (w + (2 * padding) > maxWidth)
            {
                return ([], 0, 0, $"frame {i + 1} is {w} pixels wide, more than max_width {maxWidth} minus the padding");
            }

            if (x + w + padding > maxWidth && x > padding)
            {
                y += shelfHeight + padding;
                x = padding;
                shelfHeight = 0;
            }

            frames.Add(new Frame(x, y, w, h));
            x += w + padding;
            shelfHeight = Math.Max(shelfHeight, h);
            usedWidth = Math.Max(usedWidth, x);
        }

        return (frames, Math.Max(1, usedWidth), Math.Max(1, y + shelfHeight + padding), null);
    }
}
