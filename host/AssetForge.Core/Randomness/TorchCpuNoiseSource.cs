namespace AssetForge.Core.Randomness;

using AssetForge.Abstractions.Randomness;

/// <summary>
/// PyTorch's CPU generator and its float32 <c>randn</c>, with the rounding of its plain or its
/// AVX2 kernel: <c>torch.manual_seed(seed)</c> followed by any sequence of <c>torch.randn(n)</c> calls.
/// </summary>
/// <remarks>
/// <para>
/// The generator is an mt19937 seeded with the low 32 bits of the seed. <c>random()</c> is one
/// 32-bit output, <c>random64()</c> two (first one high). It also caches the second value of
/// the double-precision Box–Muller transform.
/// </para>
/// <para>
/// Below 16 elements, every element is one draw of the double-precision normal distribution:
/// u1, u2 from <c>random64()</c> (53 bits), <c>r = sqrt(-2 ln(1 - u2))</c>, <c>θ = 2π u1</c>; it
/// returns r cos θ and caches r sin θ for the next such draw, then rounds to float.
/// </para>
/// <para>
/// From 16 elements on, the tensor is filled with float uniforms (24 bits of <c>random()</c>
/// each), then transformed in place in blocks of 16 by a float Box–Muller that pairs element i
/// with i + 8. If the length is not a multiple of 16, the last 16 elements are refilled with fresh
/// uniforms and transformed again, overwriting the tail of the last full block. This path
/// neither reads nor writes the cached normal. The plain kernel computes the angle 2π·u2 in double
/// and rounds it, and calls glibc's <c>logf</c>, <c>sinf</c> and <c>cosf</c> (<see cref="Float32Libm"/>);
/// the AVX2 kernel multiplies u2 by 2π rounded to float, in float, and calls avx_mathfun's
/// <c>log256_ps</c> and <c>sincos256_ps</c> (<see cref="TorchAvx2Math"/>). Everything else is the same.
/// </para>
/// <para>
/// The same algorithm holds from PyTorch 1.13 to 2.x; 2.x computes <c>log1p(-u2)</c> where 1.13
/// computes <c>log(1 - u2)</c>, which is the same value, because 1 - u2 is exact for a 53-bit u2.
/// The double-precision path uses the platform's <see cref="Math.Log(double)"/>,
/// <see cref="Math.Sin"/> and <see cref="Math.Cos"/>; rounding to float hides their last-bit
/// differences except on results within an ulp or so of a float rounding boundary (about one
/// element in 10^8 on a platform whose libm differs from glibc's).
/// </para>
/// </remarks>
internal sealed class TorchCpuNoiseSource : INoiseSource
{
    /// <summary>Below this many elements torch draws each element from the double-precision path.</summary>
    internal const int VectorizedThreshold = 16;

    // The AVX2 kernel's angle factor: 2π rounded to float (the plain kernel keeps it in double).
    private const float TwoPiFloat = (float)(2.0 * Math.PI);

    private readonly MersenneTwister19937 _engine;
    private readonly TorchRandnKernel _kernel;
    private double _cachedNormal;
    private bool _hasCachedNormal;

    public TorchCpuNoiseSource(ulong seed, TorchRandnKernel kernel = TorchRandnKernel.Default)
    {
        _engine = MersenneTwister19937.FromSeed(unchecked((uint)seed));
        _kernel = kernel;
    }

    /// <inheritdoc />
    public void NextStandardNormal(Span<float> destination)
    {
        if (destination.Length >= VectorizedThreshold)
        {
            FillBlocks(destination);
            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)NextDoubleNormal();
        }
    }

    private void FillBlocks(Span<float> data)
    {
        FillUniform(data);
        int fullBlocks = data.Length / 16;
        for (int block = 0; block < fullBlocks; block++)
        {
            TransformBlock(data.Slice(block * 16, 16));
        }

        if (data.Length % 16 != 0)
        {
            Span<float> tail = data[^16..];
            FillUniform(tail);
            TransformBlock(tail);
        }
    }

    private void TransformBlock(Span<float> block)
    {
        if (_kernel == TorchRandnKernel.Avx2)
        {
            TransformBlockAvx2(block);
        }
        else
        {
            TransformBlockDefault(block);
        }
    }

    private void FillUniform(Span<float> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (_engine.NextUInt32() & 0xFFFFFF) * (1f / 16777216f);
        }
    }

    private static void TransformBlockDefault(Span<float> block)
    {
        for (int j = 0; j < 8; j++)
        {
            // [0, 1) -> (0, 1] so the log is finite.
            float u1 = 1f - block[j];
            float u2 = block[j + 8];
            float radius = MathF.Sqrt(-2f * Float32Libm.Log(u1));

            // torch multiplies by 2π in double and rounds the angle to float.
            float theta = (float)(2.0 * Math.PI * u2);
            Float32Libm.SinCos(theta, out float sin, out float cos);
            block[j] = Affine(radius * cos);
            block[j + 8] = Affine(radius * sin);
        }
    }

    private static void TransformBlockAvx2(Span<float> block)
    {
        for (int j = 0; j < 8; j++)
        {
            float u1 = 1f - block[j];
            float u2 = block[j + 8];
            float radius = MathF.Sqrt(-2f * TorchAvx2Math.Log(u1));
            TorchAvx2Math.SinCos(TwoPiFloat * u2, out float sin, out float cos);

            // _mm256_fmadd_ps(n, std, mean) with std = 1, mean = 0 is exact but for -0 -> +0.
            block[j] = Affine(radius * cos);
            block[j + 8] = Affine(radius * sin);
        }
    }

    // torch applies `x * std + mean` with std = 1 and mean = 0; the only visible effect is that a
    // negative zero (radius = sqrt(-0) when u1 = 1) becomes +0.
    private static float Affine(float x) => x == 0f ? 0f : x;

    private double NextDoubleNormal()
    {
        if (_hasCachedNormal)
        {
            _hasCachedNormal = false;
            return AffineDouble(_cachedNormal);
        }

        double u1 = NextUniformDouble();
        double u2 = NextUniformDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - u2));
        double theta = 2.0 * Math.PI * u1;
        _cachedNormal = radius * Math.Sin(theta);
        _hasCachedNormal = true;
        return AffineDouble(radius * Math.Cos(theta));
    }

    // The double path applies the same `x * std + mean`.
    private static double AffineDouble(double x) => x == 0.0 ? 0.0 : x;

    private double NextUniformDouble()
    {
        ulong high = _engine.NextUInt32();
        ulong low = _engine.NextUInt32();
        ulong bits = (high << 32) | low;
        return (bits & ((1UL << 53) - 1)) * (1.0 / 9007199254740992.0);
    }
}
