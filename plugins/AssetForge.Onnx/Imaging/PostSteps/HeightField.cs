namespace AssetForge.Onnx.Imaging.PostSteps;

/// <summary>
/// A height field from an image's luminance (Rec. 709 weights on the sRGB values, 0 to 1), and
/// neighbour reads that either wrap around (a tiling texture: the opposite edge is the neighbour)
/// or clamp at the edge. What <c>height_map</c>, <c>normal_map</c> and <c>roughness</c> work on.
/// </summary>
internal sealed class HeightField
{
    private readonly float[] _heights;

    private HeightField(int width, int height, float[] heights, bool wrapX, bool wrapY)
    {
        Width = width;
        Height = height;
        _heights = heights;
        WrapX = wrapX;
        WrapY = wrapY;
    }

    public int Width { get; }

    public int Height { get; }

    public bool WrapX { get; }

    public bool WrapY { get; }

    /// <summary>The heights, row-major.</summary>
    public ReadOnlySpan<float> Values => _heights;

    /// <summary>Luminance of width × height RGBA pixels.</summary>
    public static HeightField FromLuminance(byte[] pixels, int width, int height, string wrap)
    {
        var heights = new float[width * height];
        for (int i = 0, p = 0; i < heights.Length; i++, p += 4)
        {
            heights[i] = ((0.2126f * pixels[p]) + (0.7152f * pixels[p + 1]) + (0.0722f * pixels[p + 2])) / 255f;
        }

        return new HeightField(width, height, heights, wrap.Contains('x', StringComparison.Ordinal), wrap.Contains('y', StringComparison.Ordinal));
    }

    /// <summary>A field of other values with <paramref name="like"/>'s size and edge rule.</summary>
    public static HeightField FromValues(HeightField like, float[] values) => new(like.Width, like.Height, values, like.WrapX, like.WrapY);

    /// <summary>The height at (x, y), wrapping or clamping outside the image per axis.</summary>
    public float At(int x, int y) => _heights[(Row(y) * Width) + Column(x)];

    /// <summary>A box blur of the given radius (separable, same edge rule), for smoother heights.</summary>
    public HeightField Blurred(int radius)
    {
        if (radius == 0)
        {
            return this;
        }

        var across = new float[_heights.Length];
        var scale = 1f / ((2 * radius) + 1);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var sum = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    sum += _heights[(y * Width) + Column(x + k)];
                }

                across[(y * Width) + x] = sum * scale;
            }
        }

        var result = new float[_heights.Length];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var sum = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    sum += across[(Row(y + k) * Width) + x];
                }

                result[(y * Width) + x] = sum * scale;
            }
        }

        return new HeightField(Width, Height, result, WrapX, WrapY);
    }

    private int Column(int x) => WrapX ? (((x % Width) + Width) % Width) : Math.Clamp(x, 0, Width - 1);

    private int Row(int y) => WrapY ? (((y % Height) + Height) % Height) : Math.Clamp(y, 0, Height - 1);
}
