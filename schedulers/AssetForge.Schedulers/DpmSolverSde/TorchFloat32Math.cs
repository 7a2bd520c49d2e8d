namespace AssetForge.Schedulers.DpmSolverSde;

/// <summary>
/// <c>torch.exp</c> and <c>torch.log</c> of float32 tensors as PyTorch's CPU build with AVX2
/// computes them (SLEEF's <c>expf</c> and 1-ulp <c>logf</c> with fused multiply-adds), which are
/// not correctly rounded: about one float32 exp in ten differs in the last bit from
/// <see cref="MathF.Exp"/>. dpmpp_sde needs these exact bits because diffusers queries its Brownian
/// tree at <c>exp(-(-log sigma))</c> rounded to 6 decimals, so one last-bit difference can move a
/// query to a neighbouring grid point and change the noise.
/// </summary>
internal static class TorchFloat32Math
{
    private const float ReciprocalLn2 = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    private const float Ln2High = 0.693145751953125f;
    private const float Ln2Low = 1.428606765330187045e-06f;

    public static float Exp(float d)
    {
        var q = (int)MathF.Round(d * ReciprocalLn2, MidpointRounding.ToEven);
        var s = MathF.FusedMultiplyAdd(q, -Ln2High, d);
        s = MathF.FusedMultiplyAdd(q, -Ln2Low, s);

        var u = 0.000198527617612853646278381f;
        u = MathF.FusedMultiplyAdd(u, s, 0.00139304355252534151077271f);
        u = MathF.FusedMultiplyAdd(u, s, 0.00833336077630519866943359f);
        u = MathF.FusedMultiplyAdd(u, s, 0.0416664853692054748535156f);
        u = MathF.FusedMultiplyAdd(u, s, 0.166666671633720397949219f);
        u = MathF.FusedMultiplyAdd(u, s, 0.5f);
        u = 1f + MathF.FusedMultiplyAdd(s * s, u, s);

        // ldexp in two halves so that q near the exponent limits does not overflow a power of two.
        u = u * Pow2(q >> 1) * Pow2(q - (q >> 1));
        if (d < -104f)
        {
            return 0f;
        }

        return d > 100f ? float.PositiveInfinity : u;
    }

    public static float Log(float d)
    {
        if (float.IsNaN(d) || d < 0f)
        {
            return float.NaN;
        }

        if (d == 0f)
        {
            return float.NegativeInfinity;
        }

        if (float.IsPositiveInfinity(d))
        {
            return float.PositiveInfinity;
        }

        var subnormal = d < 1.17549435e-38f;
        if (subnormal)
        {
            d *= 18446744073709551616f;
        }

        var e = ((BitConverter.SingleToInt32Bits(d * (1f / 0.75f)) >> 23) & 0xff) - 0x7f;
        var m = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(d) + (-e << 23));
        if (subnormal)
        {
            e -= 64;
        }

        var s = DoubleFloat.Multiply(new DoubleFloat(0.69314718246459960938f, -1.904654323148236017e-09f), e);
        var x = DoubleFloat.Divide(DoubleFloat.Add2(-1f, m), DoubleFloat.Add2(1f, m));
        var x2 = x.High * x.High;

        var t = 0.3027294874e+0f;
        t = MathF.FusedMultiplyAdd(t, x2, 0.3996108174e+0f);
        t = MathF.FusedMultiplyAdd(t, x2, 0.6666694880e+0f);

        s = DoubleFloat.Add(s, new DoubleFloat(x.High * 2f, x.Low * 2f));
        s = DoubleFloat.Add(s, x2 * x.High * t);
        return s.High + s.Low;
    }

    private static float Pow2(int q) => BitConverter.Int32BitsToSingle((q + 0x7f) << 23);


    /// <summary>SLEEF's unevaluated sum of two floats, with its FMA-based operations.</summary>
    private readonly record struct DoubleFloat(float High, float Low)
    {
        public static DoubleFloat Add2(float x, float y)
        {
            var s = x + y;
            var v = s - x;
            return new(s, (x - (s - v)) + (y - v));
        }

        // |x| >= |y|
        public static DoubleFloat Add(DoubleFloat x, DoubleFloat y)
        {
            var s = x.High + y.High;
            return new(s, (((x.High - s) + y.High) + x.Low) + y.Low);
        }

        public static DoubleFloat Add(DoubleFloat x, float y)
        {
            var s = x.High + y;
            return new(s, ((x.High - s) + y) + x.Low);
        }

        public static DoubleFloat Multiply(DoubleFloat x, float y)
        {
            var s = x.High * y;
            return new(s, MathF.FusedMultiplyAdd(x.Low, y, MathF.FusedMultiplyAdd(x.High, y, -s)));
        }

        public static DoubleFloat Divide(DoubleFloat n, DoubleFloat d)
        {
            var t = 1f / d.High;
            var s = n.High * t;
            var u = MathF.FusedMultiplyAdd(t, n.High, -s);
            var v = MathF.FusedMultiplyAdd(-d.Low, t, MathF.FusedMultiplyAdd(-d.High, t, 1f));
            return new(s, MathF.FusedMultiplyAdd(s, v, MathF.FusedMultiplyAdd(n.Low, t, u)));
        }
    }
}
