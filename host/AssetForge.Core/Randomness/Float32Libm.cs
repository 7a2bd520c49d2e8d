namespace AssetForge.Core.Randomness;

using System.Diagnostics;

/// <summary>
/// The single-precision <c>logf</c>, <c>sinf</c> and <c>cosf</c> that PyTorch's plain normal kernel
/// calls on Linux (glibc 2.28 and later take them from Arm's optimized-routines), ported so the
/// same bits come out on every OS and runtime.
/// </summary>
/// <remarks>
/// <para>
/// These functions are not correctly rounded (about 0.7% of the kernel's logf inputs and 1.3% of
/// its sinf/cosf inputs differ by one ulp from the correctly rounded result), so rounding the
/// double-precision result, or calling the platform's <see cref="MathF"/>, would not reproduce
/// torch. The algorithms below evaluate the same double-precision expressions in the same
/// order with the same constants; plain IEEE double arithmetic makes them portable.
/// </para>
/// <para>
/// glibc on x86-64 also ships FMA-compiled variants of these functions. On every input the kernel
/// can produce (the 2^24 values of <c>1 - u</c> and of <c>(float)(2π·u)</c>), the FMA and the
/// plain variants and this port agree bit for bit; tests/reference/rng/libm_digest.c checks that
/// against the machine's glibc and the tests check this port against its digest.
/// </para>
/// <para>
/// Algorithms and constants: Arm optimized-routines math/logf.c, math/sinf.c, math/cosf.c,
/// Copyright (c) 2017-2019 Arm Limited, SPDX-License-Identifier: MIT OR Apache-2.0 WITH LLVM-exception.
/// </para>
/// </remarks>
internal static class Float32Libm
{
    // log: x = 2^k z with z in [OFF, 2 OFF); 16 subintervals, each with c near its centre:
    // log(x) = log1p(z/c - 1) + log(c) + k ln2, log1p by a degree-4 polynomial.
    private const uint LogOffset = 0x3F330000;
    private static readonly double Ln2 = BitConverter.UInt64BitsToDouble(0x3FE62E42FEFA39EF); // 0x1.62e42fefa39efp-1
    private static readonly double LogA0 = BitConverter.UInt64BitsToDouble(0xBFD00EA348B88334); // -0x1.00ea348b88334p-2
    private static readonly double LogA1 = BitConverter.UInt64BitsToDouble(0x3FD5575B0BE00B6A); // 0x1.5575b0be00b6ap-2
    private static readonly double LogA2 = BitConverter.UInt64BitsToDouble(0xBFDFFFFEF20A4123); // -0x1.ffffef20a4123p-2

    private static ReadOnlySpan<ulong> LogInvCBits =>
    [
        0x3FF661EC79F8F3BE, 0x3FF571ED4AAF883D, // 0x1.661ec79f8f3bep+0, 0x1.571ed4aaf883dp+0
        0x3FF49539F0F010B0, 0x3FF3C995B0B80385, // 0x1.49539f0f010bp+0, 0x1.3c995b0b80385p+0
        0x3FF30D190C8864A5, 0x3FF25E227B0B8EA0, // 0x1.30d190c8864a5p+0, 0x1.25e227b0b8eap+0
        0x3FF1BB4A4A1A343F, 0x3FF12358F08AE5BA, // 0x1.1bb4a4a1a343fp+0, 0x1.12358f08ae5bap+0
        0x3FF0953F419900A7, 0x3FF0000000000000, // 0x1.0953f419900a7p+0, 0x1p+0
        0x3FEE608CFD9A47AC, 0x3FECA4B31F026AA0, // 0x1.e608cfd9a47acp-1, 0x1.ca4b31f026aap-1
        0x3FEB2036576AFCE6, 0x3FE9C2D163A1AA2D, // 0x1.b2036576afce6p-1, 0x1.9c2d163a1aa2dp-1
        0x3FE886E6037841ED, 0x3FE767DCF5534862, // 0x1.886e6037841edp-1, 0x1.767dcf5534862p-1
    ];

    private static ReadOnlySpan<ulong> LogCBits =>
    [
        0xBFD57BF7808CAADE, 0xBFD2BEF0A7C06DDB, // -0x1.57bf7808caadep-2, -0x1.2bef0a7c06ddbp-2
        0xBFD01EAE7F513A67, 0xBFCB31D8A68224E9, // -0x1.01eae7f513a67p-2, -0x1.b31d8a68224e9p-3
        0xBFC6574F0AC07758, 0xBFC1AA2BC79C8100, // -0x1.6574f0ac07758p-3, -0x1.1aa2bc79c81p-3
        0xBFBA4E76CE8C0E5E, 0xBFB1973C5A611CCC, // -0x1.a4e76ce8c0e5ep-4, -0x1.1973c5a611cccp-4
        0xBFA252F438E10C1E, 0x0000000000000000, // -0x1.252f438e10c1ep-5, 0x0p+0
        0x3FAAA5AA5DF25984, 0x3FBC5E53AA362EB4, // 0x1.aa5aa5df25984p-5, 0x1.c5e53aa362eb4p-4
        0x3FC526E57720DB08, 0x3FCBC2860D224770, // 0x1.526e57720db08p-3, 0x1.bc2860d22477p-3
        0x3FD1058BC8A07EE1, 0x3FD4043057B6EE09, // 0x1.1058bc8a07ee1p-2, 0x1.4043057b6ee09p-2
    ];

    // sin/cos: one-step reduction by π/2 (exact enough below 120), then even/odd polynomials.
    // The quadrant comes from a float-to-int conversion of x·(2/π)·2^24, rounded by adding half.
    private static readonly double HalfPiInverseScaled = BitConverter.UInt64BitsToDouble(0x41645F306DC9C883); // 0x1.45F306DC9C883p+23
    private static readonly double HalfPi = BitConverter.UInt64BitsToDouble(0x3FF921FB54442D18); // 0x1.921FB54442D18p0
    private static readonly double Cos1 = BitConverter.UInt64BitsToDouble(0xBFDFFFFFFD0C621C); // -0x1.ffffffd0c621cp-2
    private static readonly double Cos2 = BitConverter.UInt64BitsToDouble(0x3FA55553E1068F19); // 0x1.55553e1068f19p-5
    private static readonly double Cos3 = BitConverter.UInt64BitsToDouble(0xBF56C087E89A359D); // -0x1.6c087e89a359dp-10
    private static readonly double Cos4 = BitConverter.UInt64BitsToDouble(0x3EF99343027BF8C3); // 0x1.99343027bf8c3p-16
    private static readonly double Sin1 = BitConverter.UInt64BitsToDouble(0xBFC555545995A603); // -0x1.555545995a603p-3
    private static readonly double Sin2 = BitConverter.UInt64BitsToDouble(0x3F81107605230BC4); // 0x1.1107605230bc4p-7
    private static readonly double Sin3 = BitConverter.UInt64BitsToDouble(0xBF2994EB3774CF24); // -0x1.994eb3774cf24p-13
    private const uint TinyTop12 = 0x398;    // top 12 bits of 2^-12
    private const uint SinCosLimitTop12 = 0x42F; // top 12 bits of 120f

    /// <summary>glibc's <c>logf</c> for positive finite <paramref name="x"/>.</summary>
    public static float Log(float x)
    {
        uint ix = BitConverter.SingleToUInt32Bits(x);
        if (ix == 0x3F800000)
        {
            return 0f;
        }

        if (ix - 0x00800000u >= 0x7F800000u - 0x00800000u)
        {
            if (ix == 0 || ix >= 0x7F800000u)
            {
                // Zero, negative, infinite or NaN: the kernel never asks; any libm agrees here.
                return MathF.Log(x);
            }

            // Subnormal: normalise.
            ix = BitConverter.SingleToUInt32Bits(x * 8388608f) - (23u << 23);
        }

        uint tmp = ix - LogOffset;
        int i = (int)((tmp >> 19) % 16);
        int k = (int)tmp >> 23;
        uint iz = ix - (tmp & 0xFF800000u);
        double z = BitConverter.UInt32BitsToSingle(iz);

        double r = (z * BitConverter.UInt64BitsToDouble(LogInvCBits[i])) - 1.0;
        double y0 = BitConverter.UInt64BitsToDouble(LogCBits[i]) + (k * Ln2);
        double r2 = r * r;
        double y = (LogA1 * r) + LogA2;
        y = (LogA0 * r2) + y;
        y = (y * r2) + (y0 + r);
        return (float)y;
    }

    /// <summary>glibc's <c>sinf</c> and <c>cosf</c> for |<paramref name="x"/>| &lt; 120.</summary>
    public static void SinCos(float x, out float sin, out float cos)
    {
        uint top = (BitConverter.SingleToUInt32Bits(x) >> 20) & 0x7FF;
        Debug.Assert(top < SinCosLimitTop12, "The kernel only asks for angles in [0, 2π).");
        if (top < TinyTop12)
        {
            sin = x;
            cos = 1f;
            return;
        }

        // glibc evaluates |x| < π/4 without reduction; there n = 0 and the reduction below is
        // exact (x - 0·π/2 = x, sign +1), so one branch-free path gives the same bits and avoids
        // mispredicting on random angles.
        double xd = x;
        int n = ((int)(xd * HalfPiInverseScaled) + 0x800000) >> 24;
        double reduced = xd - (n * HalfPi);
        double sign = (n & 3) is 1 or 2 ? -1.0 : 1.0;

        // Quadrants 2 and 3 use the second table row, whose cosine polynomial is negated.
        double cosSign = (n & 2) != 0 ? -1.0 : 1.0;
        double reducedSquared = reduced * reduced;
        float sinOfReduced = SinPolynomial(reduced * sign, reducedSquared);
        float cosOfReduced = CosPolynomial(reducedSquared, cosSign);
        bool odd = (n & 1) != 0;
        sin = odd ? cosOfReduced : sinOfReduced;
        cos = odd ? sinOfReduced : cosOfReduced;
    }

    private static float SinPolynomial(double x, double x2)
    {
        double x3 = x * x2;
        double s1 = Sin2 + (x2 * Sin3);
        double x5 = x3 * x2;
        double s = x + (x3 * Sin1);
        return (float)(s + (x5 * s1));
    }

    // sign flips every coefficient (the second table row) rather than the result, as glibc does,
    // so the rounding is the same.
    private static float CosPolynomial(double x2, double sign)
    {
        double x4 = x2 * x2;
        double c2 = (sign * Cos3) + (x2 * (sign * Cos4));
        double c1 = sign + (x2 * (sign * Cos1));
        double x6 = x4 * x2;
        double c = c1 + (x4 * (sign * Cos2));
        return (float)(c + (x6 * c2));
    }
}
