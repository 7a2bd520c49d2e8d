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
    /// <c>torch.linspace(start, end, steps, dtype=float32)</c>: the step is computed in float32 and
    /// each half is measured from its own end, as ATen's CPU kernel does.
    /// </summary>
    public static float[] TorchLinspace(double start, double end, int steps)
    {
        var result = new float[steps];
        if (steps == 1)
        {
            result[0] = (float)start;
            return result;
        }

        var from = (float)start;
        var to = (float)end;
        var step = (to - from) / (steps - 1);
        var halfway = steps / 2;
        for (var i = 0; i < steps; i++)
        {
            result[i] = i < halfway ? from + (step * i) : to - (step * (steps - i - 1));
        }

        return result;
    }

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
