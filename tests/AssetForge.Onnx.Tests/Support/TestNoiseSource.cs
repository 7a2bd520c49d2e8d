namespace AssetForge.Onnx.Tests.Support;

using AssetForge.Abstractions.Randomness;

/// <summary>Test-only seeded normal generator (SplitMix64 + Box–Muller) until the torch RNG lands.</summary>
internal sealed class TestNoiseSource(ulong seed) : INoiseSource
{
    private ulong _state = seed;

    public void NextStandardNormal(Span<float> destination)
    {
        for (var i = 0; i < destination.Length; i += 2)
        {
            var u1 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
            var u2 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
            var radius = Math.Sqrt(-2 * Math.Log(1 - u1));
            destination[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < destination.Length)
            {
                destination[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
    }

    private ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
