namespace AssetForge.Core.Sheets;

using AssetForge.Abstractions.Imaging;

/// <summary>
/// Composes a sprite sheet as a pure function: members' images in, atlas and map bytes out
/// (trimming, packing, rotation, power-of-two sizes and the map format per <see cref="SheetLayout"/>).
/// </summary>
public static class SheetComposer
{
    /// <summary>Composes the sheet.</summary>
    /// <param name="names">The frames' names (asset ids), in packing order.</param>
    /// <param name="images">The members' images, same order.</param>
    /// <param name="layout">How to lay the sheet out and which map to write.</param>
    /// <param name="imageFileName">The atlas's file name, as the map refers to it.</param>
    /// <param name="sheetId">The sheet's asset id, unique in the project: Unity's asset GUID derives from it.</param>
    /// <returns>The sheet, or null and why it cannot be packed.</returns>
    public static (SheetResult? Sheet, string? Error) Compose(IReadOnlyList<string> names, IReadOnlyList<RgbaImage> images, SheetLayout layout, string imageFileName, string sheetId)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(layout);
        var sources = new PixelRect[images.Count];
        var sizes = new (int Width, int Height)[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            sources[i] = layout.Trim ? AlphaBounds.Of(images[i]) : new PixelRect(0, 0, images[i].Width, images[i].Height);
            sizes[i] = (sources[i].Width, sources[i].Height);
        }

        var packed = layout.Packer == SheetPackerKind.Shelf
            ? ShelfPacker.Pack(sizes, layout.Padding, layout.MaxWidth)
            : MaxRectsPacker.Pack(sizes, layout.Padding, layout.MaxWidth, layout.Rotate);
        if (packed.Error is not null)
        {
            return (null, packed.Error);
        }

        var (width, height) = layout.PowerOfTwo ? (NextPowerOfTwo(packed.Width), NextPowerOfTwo(packed.Height)) : (packed.Width, packed.Height);
        var atlas = new byte[width * height * 4];
        var frames = new SheetFrame[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            var source = sources[i];
            var place = packed.Places[i];
            if (packed.Rotated[i])
            {
                CopyTurnedClockwise(images[i], source, atlas, width, place.X, place.Y);
            }
            else
            {
                Copy(images[i], source, atlas, width, place.X, place.Y);
            }

            frames[i] = new SheetFrame(names[i], new PixelRect(place.X, place.Y, source.Width, source.Height), packed.Rotated[i], source, images[i].Width, images[i].Height);
        }

        var map = layout.Format switch
        {
            SheetMapFormat.Godot => GodotSpriteFramesMap.Write(frames, imageFileName),
            SheetMapFormat.Unity => UnitySpriteSheetMeta.Write(frames, sheetId, height),
            _ => TexturePackerHashMap.Write(frames, imageFileName, width, height),
        };
        return (new SheetResult(new RgbaImage(width, height, atlas), map, frames), null);
    }

    private static void Copy(RgbaImage image, PixelRect source, byte[] atlas, int atlasWidth, int x, int y)
    {
        for (var row = 0; row < source.Height; row++)
        {
            Buffer.BlockCopy(image.Pixels, (((source.Y + row) * image.Width) + source.X) * 4, atlas, (((y + row) * atlasWidth) + x) * 4, source.Width * 4);
        }
    }

    // Turned 90° clockwise, as TexturePacker stores rotated sprites: source (sx, sy) lands at (h - 1 - sy, sx) of the region.
    private static void CopyTurnedClockwise(RgbaImage image, PixelRect source, byte[] atlas, int atlasWidth, int x, int y)
    {
        for (var sy = 0; sy < source.Height; sy++)
        {
            for (var sx = 0; sx < source.Width; sx++)
            {
                var from = (((source.Y + sy) * image.Width) + source.X + sx) * 4;
                var to = (((y + sx) * atlasWidth) + x + (source.Height - 1 - sy)) * 4;
                Buffer.BlockCopy(image.Pixels, from, atlas, to, 4);
            }
        }
    }

    private static int NextPowerOfTwo(int value)
    {
        var power = 1;
        while (power < value)
        {
            power <<= 1;
        }

        return power;
    }
}
