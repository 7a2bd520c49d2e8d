namespace AssetForge.Schedulers.Deis;

/// <summary>
/// <c>np.log</c> of a float32 as NumPy 1.x computes it on x86-64 with AVX2 or AVX-512 (its SIMD
/// loop, used even for one element): a rational minimax approximation of log on the mantissa
/// with fused multiply-adds, up to 3.8 ulp from the true value, so neither
/// <see cref="MathF.Log"/> nor torch's log. DEIS needs its bits: diffusers takes the logs of its
/// integration coefficients with NumPy, and the coefficients are differences of nearly equal
/// terms, which turn an ulp into a visible error (1.5e-3 relative measured with MathF.Log).
/// </summary>
/// <remarks>
/// Constants and algorithm: NumPy's loops_exponent_log.dispatch.c.src (NPY_COEFF_*_LOGf),
/// BSD-3-Clause. Only positive normal inputs reach it from the scheduler.
/// </remarks>
internal static class NumPyFloat32Log
{
    private const float P0 = 0.000000000000000000000e+00f;
    private const float P1 = 9.999999999999998702752e-01f;
    private const float P2 = 2.112677543073053063722e+00f;
    private const float P3 = 1.480000633576506585156e+00f;
    private const float P4 = 3.808837741388407920751e-01f;
    private const float P5 = 2.589979117907922693523e-02f;
    private const float Q0 = 1.000000000000000000000e+00f;
    private const float Q1 = 2.612677543073109236779e+00f;
    private const float Q2 = 2.453006071784736363091e+00f;
    private const float Q3 = 9.864942958519418960339e-01f;
    private const float Q4 = 1.546476374983906719538e-01f;
    private const float Q5 = 5.875095403124574342950e-03f;
    private const float Ln2 = 0.693147180559945309417232121458176568f;
    private const float SqrtHalf = 0.707106781186547524400844362104849039f;

    public static float Log(float x)
    {
        if (!(x > 0f) || !float.IsNormal(x) || float.IsPositiveInfinity(x))
        {
            // Zero, negative, subnormal, infinite or NaN: never asked for; any libm agrees on most.
            return MathF.Log(x);
        }

        // x = m 2^e, m in [0.5, 1); m at or below sqrt(1/2) is doubled.
        uint bits = BitConverter.SingleToUInt32Bits(x);
        float e = (int)(bits >> 23) - 126;
        float m = BitConverter.UInt32BitsToSingle((bits & 0x007FFFFFu) | 0x3F000000u);
        if (m <= SqrtHalf)
        {
            m += m;
            e -= 1f;
        }

        m -= 1f;
        float numerator = MathF.FusedMultiplyAdd(P5, m, P4);
        numerator = MathF.FusedMultiplyAdd(numerator, m, P3);
        numerator = MathF.FusedMultiplyAdd(numerator, m, P2);
        numerator = MathF.FusedMultiplyAdd(numerator, m, P1);
        numerator = MathF.FusedMultiplyAdd(numerator, m, P0);
        float denominator = MathF.FusedMultiplyAdd(Q5, m, Q4);
        denominator = MathF.FusedMultiplyAdd(denominator, m, Q3);
        denominator = MathF.FusedMultiplyAdd(denominator, m, Q2);
        denominator = MathF.FusedMultiplyAdd(denominator, m, Q1);
        denominator = MathF.FusedMultiplyAdd(denominator, m, Q0);
        return MathF.FusedMultiplyAdd(e, Ln2, numerator / denominator);
    }
}
