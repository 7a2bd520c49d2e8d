namespace AssetForge.Onnx.Builtin;

/// <summary>
/// SplitMix64: a tiny integer PRNG. The built-in model's weights come from it through integer
/// and exactly rounded float operations only, so its files are byte-identical on every machine.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A float uniform in [-1, 1) with 24 random bits (exact: no rounding involved).</summary>
    public float NextSignedUnit() => ((long)(Next() >> 40) - (1L << 23)) * (1f / (1 << 23));

    /// <summary>Fills <paramref name="destination"/> with uniform values in [-<paramref name="scale"/>, <paramref name="scale"/>).</summary>
    public void Fill(Span<float> destination, float scale)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = NextSignedUnit() * scale;
        }
    }
}
