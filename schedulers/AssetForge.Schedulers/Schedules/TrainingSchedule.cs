namespace AssetForge.Schedulers.Schedules;

/// <summary>
/// The training noise schedule (betas and their cumulative alpha products) in float32, computed
/// the way diffusers computes it with torch on the CPU, so that the values agree to the last bit
/// or nearly: torch rounds every elementwise result to float32 but accumulates
/// <c>cumprod</c> in double.
/// </summary>
internal static class TrainingSchedule
{
    /// <summary>The betas for the settings (after zero-terminal-SNR rescaling when asked).</summary>
    public static float[] Betas(BetaScheduleSettings settings)
    {
        var n = settings.NumTrainTimesteps;
        float[] betas;
        if (settings.TrainedBetas is { } trained)
        {
            betas = new float[trained.Length];
            for (var i = 0; i < trained.Length; i++)
            {
                betas[i] = (float)trained[i];
            }
        }
        else
        {
            betas = settings.BetaSchedule switch
            {
                "linear" => TorchLinspace(settings.BetaStart, settings.BetaEnd, n),
                "scaled_linear" => Squared(TorchLinspace(Math.Sqrt(settings.BetaStart), Math.Sqrt(settings.BetaEnd), n)),
                "squaredcos_cap_v2" => SquaredCosine(n),
                _ => throw new ArgumentException($"Unknown beta schedule '{settings.BetaSchedule}'.", nameof(settings)),
            };
        }

        return settings.RescaleBetasZeroSnr ? RescaleZeroTerminalSnr(betas) : betas;
    }

    /// <summary>The cumulative products of <c>1 - beta</c>.</summary>
    public static float[] AlphasCumprod(ReadOnlySpan<float> betas)
    {
        var result = new float[betas.Length];
        var product = 1.0;
        for (var i = 0; i < betas.Length; i++)
        {
            product *= 1f - betas[i];
            result[i] = (float)product;
        }

        return result;
    }

    /// <summary>
    /// <c>torch.linspace(start, end, steps, dtype=float32)</c> on the CPU, bit for bit as torch
    /// 1.13's AVX2 kernel computes it (checked against torch on random ranges and lengths): the
    /// step is a float32, the first half is measured from <c>start</c> and the second from
    /// <c>end</c>; elements are written 16 at a time as two 8-lane vectors, each vector's first
    /// element fused (<c>fma(step, i, start)</c>, GCC contracts it in the AVX2 build) and its other
    /// lanes <c>first + k·step</c> rounded twice, with the half chosen per vector; the last
    /// (fewer than 16) elements take the fused scalar formula one by one.
    /// </summary>
    public static float[] TorchLinspace(double start, double end, int steps)
    {
        const int Lanes = 8;
        var result = new float[steps];
        var from = (float)start;
        if (steps == 1)
        {
            result[0] = from;
            return result;
        }

        var to = (float)end;
        var step = (to - from) / (steps - 1);
        var halfway = steps / 2;
        var i = 0;
        for (; i <= steps - (2 * Lanes); i += 2 * Lanes)
        {
            WriteVector(result.AsSpan(i, Lanes), Fused(from, to, step, i, halfway, steps), step);
            WriteVector(result.AsSpan(i + Lanes, Lanes), Fused(from, to, step, i + Lanes, halfway, steps), step);
        }

        for (; i < steps; i++)
        {
            result[i] = Fused(from, to, step, i, halfway, steps);
        }

        return result;
    }

    private static void WriteVector(Span<float> lanes, float first, float step)
    {
        lanes[0] = first;
        for (var k = 1; k < lanes.Length; k++)
        {
            lanes[k] = first + (k * step);
        }
    }

    private static float Fused(float from, float to, float step, int index, int halfway, int steps) =>
        index < halfway
            ? MathF.FusedMultiplyAdd(step, index, from)
            : MathF.FusedMultiplyAdd(-step, steps - index - 1, to);

    private static float[] Squared(float[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= values[i];
        }

        return values;
    }

    private static float[] SquaredCosine(int n)
    {
        // Nichol & Dhariwal's cosine schedule, in double as diffusers' Python loop, capped at 0.999.
        static double AlphaBar(double t) => Math.Pow(Math.Cos((t + 0.008) / 1.008 * Math.PI / 2), 2);
        var betas = new float[n];
        for (var i = 0; i < n; i++)
        {
            var t1 = (double)i / n;
            var t2 = (double)(i + 1) / n;
            betas[i] = (float)Math.Min(1 - (AlphaBar(t2) / AlphaBar(t1)), 0.999);
        }

        return betas;
    }

    private static float[] RescaleZeroTerminalSnr(float[] betas)
    {
        // Lin et al. 2023, Algorithm 1: shift and scale sqrt(alpha_bar) so its last value is 0.
        var sqrtBar = AlphasCumprod(betas);
        for (var i = 0; i < sqrtBar.Length; i++)
        {
            sqrtBar[i] = MathF.Sqrt(sqrtBar[i]);
        }

        var first = sqrtBar[0];
        var last = sqrtBar[^1];
        var scale = first / (first - last);
        for (var i = 0; i < sqrtBar.Length; i++)
        {
            var shifted = sqrtBar[i] - last;
            shifted *= scale;
            sqrtBar[i] = shifted * shifted;
        }

        var result = new float[betas.Length];
        result[0] = 1f - sqrtBar[0];
        for (var i = 1; i < result.Length; i++)
        {
            result[i] = 1f - (sqrtBar[i] / sqrtBar[i - 1]);
        }

        return result;
    }
}
