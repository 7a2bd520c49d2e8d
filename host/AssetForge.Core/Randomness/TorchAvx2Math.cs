namespace AssetForge.Core.Randomness;

/// <summary>
/// The single-precision <c>log</c> and <c>sincos</c> of PyTorch's AVX2 <c>randn</c> kernel
/// (<c>log256_ps</c> and <c>sincos256_ps</c> of ATen's avx_mathfun.h, Giovanni Garberoglio's AVX
/// port of Julien Pommier's Cephes-based sse_mathfun, zlib licence), evaluated one lane at a time
/// so the same bits come out on every CPU and runtime.
/// </summary>
/// <remarks>
/// <para>
/// Every operation is a float32 operation, as in the vector code. PyTorch builds its AVX2
/// kernels with <c>-mavx2 -mfma</c> and GCC contracts a product that only feeds an addition into
/// one fused multiply-add (GCC's default <c>-ffp-contract=fast</c>; it walks the statements in
/// order and fuses a product into the first sum that uses it). The fused steps below are those
/// GCC forms, reproduced with <see cref="MathF.FusedMultiplyAdd"/>, which is exact on every
/// platform. Evaluated unfused, 60 of the 188 committed AVX2 reference draws differ in some
/// element by an ulp, so the vectors in tests/reference/rng pin this choice.
/// </para>
/// <para>
/// Only the inputs the kernel gives are handled: <c>log</c> of (0, 1], <c>sincos</c> of [0, 2π).
/// </para>
/// </remarks>
internal static class TorchAvx2Math
{
    private const float SqrtHalf = 0.707106781186547524f;
    private const float LogP0 = 7.0376836292E-2f;
    private const float LogP1 = -1.1514610310E-1f;
    private const float LogP2 = 1.1676998740E-1f;
    private const float LogP3 = -1.2420140846E-1f;
    private const float LogP4 = 1.4249322787E-1f;
    private const float LogP5 = -1.6668057665E-1f;
    private const float LogP6 = 2.0000714765E-1f;
    private const float LogP7 = -2.4999993993E-1f;
    private const float LogP8 = 3.3333331174E-1f;
    private const float LogQ1 = -2.12194440e-4f;
    private const float LogQ2 = 0.693359375f;

    private const float FourOverPi = 1.27323954473516f;
    private const float MinusDp1 = -0.78515625f;
    private const float MinusDp2 = -2.4187564849853515625e-4f;
    private const float MinusDp3 = -3.77489497744594108e-8f;
    private const float SinP0 = -1.9515295891E-4f;
    private const float SinP1 = 8.3321608736E-3f;
    private const float SinP2 = -1.6666654611E-1f;
    private const float CosP0 = 2.443315711809948E-005f;
    private const float CosP1 = -1.388731625493765E-003f;
    private const float CosP2 = 4.166664568298827E-002f;

    /// <summary><c>log256_ps</c> for <paramref name="x"/> in (0, 1].</summary>
    public static float Log(float x)
    {
        uint bits = BitConverter.SingleToUInt32Bits(x);

        // x = m 2^e with m in [0.5, 1); below sqrt(1/2), m is doubled and e lowered, so the
        // polynomial sees m - 1 in [sqrt(1/2) - 1, sqrt(2) - 1).
        float e = (int)(bits >> 23) - 127;
        e += 1f;
        float m = BitConverter.UInt32BitsToSingle((bits & ~0x7F800000u) | 0x3F000000u);
        bool low = m < SqrtHalf;
        float doubled = low ? m : 0f;
        m -= 1f;
        e -= low ? 1f : 0f;
        m += doubled;

        float z = m * m;
        float y = MathF.FusedMultiplyAdd(LogP0, m, LogP1);
        y = MathF.FusedMultiplyAdd(y, m, LogP2);
        y = MathF.FusedMultiplyAdd(y, m, LogP3);
        y = MathF.FusedMultiplyAdd(y, m, LogP4);
        y = MathF.FusedMultiplyAdd(y, m, LogP5);
        y = MathF.FusedMultiplyAdd(y, m, LogP6);
        y = MathF.FusedMultiplyAdd(y, m, LogP7);
        y = MathF.FusedMultiplyAdd(y, m, LogP8);
        y *= m;

        // y·z fuses with the rounded e·q1 that follows it; then the -z/2 and e·q2 terms fuse.
        y = MathF.FusedMultiplyAdd(y, z, e * LogQ1);
        y = MathF.FusedMultiplyAdd(-z, 0.5f, y);
        return MathF.FusedMultiplyAdd(e, LogQ2, m + y);
    }

    /// <summary><c>sincos256_ps</c> for <paramref name="x"/> in [0, 2π).</summary>
    public static void SinCos(float x, out float sin, out float cos)
    {
        // Octant j (made even), and x reduced by j·π/4 in three float parts of π/4.
        int j = (int)(x * FourOverPi);
        j = (j + 1) & ~1;
        float y = j;
        uint sinSign = (uint)(j & 4) << 29;
        bool cosPolynomialForSin = (j & 2) == 0;
        x = MathF.FusedMultiplyAdd(y, MinusDp1, x);
        x = MathF.FusedMultiplyAdd(y, MinusDp2, x);
        x = MathF.FusedMultiplyAdd(y, MinusDp3, x);
        uint cosSign = (uint)(~(j - 2) & 4) << 29;

        float z = x * x;
        float c = MathF.FusedMultiplyAdd(CosP0, z, CosP1);
        c = MathF.FusedMultiplyAdd(c, z, CosP2);
        c *= z;
        c = MathF.FusedMultiplyAdd(c, z, -(z * 0.5f));
        c += 1f;

        float s = MathF.FusedMultiplyAdd(SinP0, z, SinP1);
        s = MathF.FusedMultiplyAdd(s, z, SinP2);
        s *= z;
        s = MathF.FusedMultiplyAdd(s, x, x);

        // The vector code selects with masks and subtractions; x - x and x + 0 turn -0 into +0,
        // which the sums below reproduce.
        float sinFromS = cosPolynomialForSin ? s : 0f;
        float sinFromC = cosPolynomialForSin ? 0f : c;
        float cosFromS = s - sinFromS;
        float cosFromC = c - sinFromC;
        sin = BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(sinFromC + sinFromS) ^ sinSign);
        cos = BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(cosFromC + cosFromS) ^ cosSign);
    }
}
