namespace AssetForge.Onnx.Imaging.PostSteps;

/// <summary>
/// sRGB to Oklab (Björn Ottosson's perceptual colour space): Euclidean distances there follow how
/// different two colours look far better than RGB channel differences, which is what background
/// detection and palette matching need. Float arithmetic in a fixed order, so the same pixels give
/// the same result every run.
/// </summary>
internal static class Oklab
{
    // sRGB byte -> linear light, computed once: 256 pow() calls instead of one per channel per pixel.
    private static readonly float[] Linear = BuildLinearTable();

    /// <summary>Distance scale: Oklab distances times 100, so black to white is 100.</summary>
    public const float Scale = 100f;

    /// <summary>Writes L, a, b (times <see cref="Scale"/>) of an sRGB colour into <paramref name="lab"/>.</summary>
    public static void FromSrgb(byte red, byte green, byte blue, Span<float> lab)
    {
        float r = Linear[red], g = Linear[green], b = Linear[blue];
        var l = MathF.Cbrt((0.4122214708f * r) + (0.5363325363f * g) + (0.0514459929f * b));
        var m = MathF.Cbrt((0.2119034982f * r) + (0.6806995451f * g) + (0.1073969566f * b));
        var s = MathF.Cbrt((0.0883024619f * r) + (0.2817188376f * g) + (0.6299787005f * b));
        lab[0] = Scale * ((0.2104542553f * l) + (0.7936177850f * m) - (0.0040720468f * s));
        lab[1] = Scale * ((1.9779984951f * l) - (2.4285922050f * m) + (0.4505937099f * s));
        lab[2] = Scale * ((0.0259040371f * l) + (0.7827717662f * m) - (0.8086757660f * s));
    }

    /// <summary>Oklab of every pixel of an RGBA buffer: three floats per pixel.</summary>
    public static float[] OfPixels(ReadOnlySpan<byte> rgba)
    {
        var lab = new float[rgba.Length / 4 * 3];
        for (int i = 0, j = 0; i < rgba.Length; i += 4, j += 3)
        {
            FromSrgb(rgba[i], rgba[i + 1], rgba[i + 2], lab.AsSpan(j, 3));
        }

        return lab;
    }

    /// <summary>Squared Euclidean distance between two Lab triples.</summary>
    public static float DistanceSquared(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float dl = x[0] - y[0], da = x[1] - y[1], db = x[2] - y[2];
        return (dl * dl) + (da * da) + (db * db);
    }

    private static float[] BuildLinearTable()
    {
        var table = new float[256];
        for (var i = 0; i < table.Length; i++)
        {
            var c = i / 255.0;
            table[i] = (float)(c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4));
        }

        return table;
    }
}
