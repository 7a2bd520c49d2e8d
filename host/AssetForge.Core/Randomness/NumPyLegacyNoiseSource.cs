namespace AssetForge.Core.Randomness;

using AssetForge.Abstractions.Randomness;

/// <summary>
/// NumPy's legacy <c>np.random.RandomState(seed).randn(...)</c>, cast to float32, as diffusers'
/// ONNX pipelines draw their latents.
/// </summary>
/// <remarks>
/// <para>
/// Each element is one <c>legacy_gauss</c> draw: the polar Box–Muller method on doubles of 53
/// bits (<c>(a·2^26 + b) / 2^53</c> with a, b the top 27 and 26 bits of two 32-bit outputs),
/// rejecting points outside the unit disc; it returns <c>f·x2</c> and caches <c>f·x1</c> for the
/// next draw, across calls. The element count does not change the algorithm.
/// </para>
/// <para>
/// Seeds: below 2^32 the engine is seeded exactly as <c>RandomState(seed)</c>. NumPy refuses
/// larger seeds; here a seed of 2^32 or more is split into two 32-bit words and means
/// <c>RandomState([seed &amp; 0xFFFFFFFF, seed &gt;&gt; 32])</c> (NumPy's <c>init_by_array</c>), so
/// every 64-bit seed has its own stream and can still be reproduced in NumPy.
/// </para>
/// <para>
/// <c>log</c> and <c>sqrt</c> run in double precision on the platform's <see cref="Math"/>; after
/// the cast to float, a last-bit difference between libms is visible only for results within an
/// ulp of a float rounding boundary (about one element in 10^8).
/// </para>
/// </remarks>
internal sealed class NumPyLegacyNoiseSource : INoiseSource
{
    private readonly MersenneTwister19937 _engine;
    private double _cachedGauss;
    private bool _hasCachedGauss;

    public NumPyLegacyNoiseSource(ulong seed)
    {
        _engine = seed <= uint.MaxValue
            ? MersenneTwister19937.FromSeed((uint)seed)
            : MersenneTwister19937.FromKey([unchecked((uint)seed), (uint)(seed >> 32)]);
    }

    /// <inheritdoc />
    public void NextStandardNormal(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)NextGauss();
        }
    }

    private double NextGauss()
    {
        if (_hasCachedGauss)
        {
            _hasCachedGauss = false;
            return _cachedGauss;
        }

        double x1, x2, r2;
        do
        {
            x1 = (2.0 * NextDouble()) - 1.0;
            x2 = (2.0 * NextDouble()) - 1.0;
            r2 = (x1 * x1) + (x2 * x2);
        }
        while (r2 >= 1.0 || r2 == 0.0);

        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _cachedGauss = f * x1;
        _hasCachedGauss = true;
        return f * x2;
    }

    private double NextDouble()
    {
        uint a = _engine.NextUInt32() >> 5;
        uint b = _engine.NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }
}
