namespace AssetForge.Onnx.Imaging.PostSteps;

/// <summary>
/// Maps opaque pixels to the perceptually nearest palette colour (Oklab), optionally with 4×4
/// ordered (Bayer) dithering: a fixed per-position offset before matching, so flat areas stay
/// flat-patterned and the same image always dithers the same way (no error diffusion drift).
/// </summary>
internal sealed class PaletteMapping
{
    // Offsets of ±24 per channel: enough to alternate between neighbouring palette entries, not to change hue.
    private const float Spread = 48f;

    private static readonly int[] Bayer4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];

    private readonly int[] _colors;
    private readonly float[] _lab;
    private readonly bool _dither;

    /// <summary>Creates the mapping to <paramref name="colors"/> (packed 0xRRGGBB).</summary>
    public PaletteMapping(int[] colors, bool dither)
    {
        _colors = colors;
        _dither = dither;
        _lab = new float[colors.Length * 3];
        for (var i = 0; i < colors.Length; i++)
        {
            Oklab.FromSrgb((byte)(colors[i] >> 16), (byte)(colors[i] >> 8), (byte)colors[i], _lab.AsSpan(i * 3, 3));
        }
    }

    /// <summary>Maps every opaque pixel of the width × height RGBA buffer in place.</summary>
    public void Apply(byte[] pixels, int width, int height)
    {
        Span<float> lab = stackalloc float[3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = ((y * width) + x) * 4;
                if (pixels[p + 3] == 0)
                {
                    continue;
                }

                var offset = _dither ? (((Bayer4[((y & 3) * 4) + (x & 3)] + 0.5f) / 16f) - 0.5f) * Spread : 0f;
                Oklab.FromSrgb(Offset(pixels[p], offset), Offset(pixels[p + 1], offset), Offset(pixels[p + 2], offset), lab);
                var best = 0;
                var bestDistance = float.MaxValue;
                for (var c = 0; c < _colors.Length; c++)
                {
                    var distance = Oklab.DistanceSquared(lab, _lab.AsSpan(c * 3, 3));
                    if (distance < bestDistance)
                    {
                        (best, bestDistance) = (c, distance);
                    }
                }

                (pixels[p], pixels[p + 1], pixels[p + 2]) = ((byte)(_colors[best] >> 16), (byte)(_colors[best] >> 8), (byte)_colors[best]);
            }
        }
    }

    private static byte Offset(byte value, float offset) => (byte)Math.Clamp(MathF.Round(value + offset, MidpointRounding.ToEven), 0f, 255f);
}
