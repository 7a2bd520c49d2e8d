namespace AssetForge.Schedulers.Schedules;

/// <summary>
/// Noise levels (sigmas) of the variance-exploding view of a schedule, used by the k-diffusion
/// style schedulers (Euler, Heun, LMS, ...), with diffusers' precision: training sigmas in
/// float32, inference sigmas in double until they are stored as float32.
/// </summary>
internal static class SigmaSchedule
{
    /// <summary>Karras et al.'s rho (EDM paper).</summary>
    private const double KarrasRho = 7.0;

    /// <summary><c>sqrt((1 - alpha_bar) / alpha_bar)</c> per training step, in float32.</summary>
    public static float[] TrainingSigmas(ReadOnlySpan<float> alphasCumprod)
    {
        var sigmas = new float[alphasCumprod.Length];
        for (var i = 0; i < sigmas.Length; i++)
        {
            sigmas[i] = MathF.Sqrt((1f - alphasCumprod[i]) / alphasCumprod[i]);
        }

        return sigmas;
    }

    /// <summary>Natural logs of the training sigmas, in float32 as numpy computes them.</summary>
    public static float[] Log(ReadOnlySpan<float> sigmas)
    {
        var logs = new float[sigmas.Length];
        for (var i = 0; i < logs.Length; i++)
        {
            logs[i] = MathF.Log(sigmas[i]);
        }

        return logs;
    }

    /// <summary>The training sigma at each (possibly fractional) timestep, linearly interpolated.</summary>
    public static double[] AtTimesteps(ReadOnlySpan<float> timesteps, ReadOnlySpan<float> trainingSigmas)
    {
        var result = new double[timesteps.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = NumpyRanges.Interp(timesteps[i], trainingSigmas);
        }

        return result;
    }

    /// <summary>
    /// <paramref name="count"/> sigmas evenly spaced in log space from the largest training sigma to
    /// the smallest (diffusers' <c>interpolation_type: log_linear</c>, computed in float32).
    /// </summary>
    public static double[] LogLinear(ReadOnlySpan<float> trainingSigmas, int count)
    {
        var logs = TrainingSchedule.TorchLinspace(MathF.Log(trainingSigmas[^1]), MathF.Log(trainingSigmas[0]), count);
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = MathF.Exp(logs[i]);
        }

        return result;
    }

    /// <summary>Karras et al.'s noise levels: evenly spaced in sigma^(1/rho) between the bounds.</summary>
    public static double[] Karras(double sigmaMin, double sigmaMax, int count)
    {
        var ramp = NumpyRanges.Linspace(0, 1, count);
        var minInvRho = Math.Pow(sigmaMin, 1 / KarrasRho);
        var maxInvRho = Math.Pow(sigmaMax, 1 / KarrasRho);
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = Math.Pow(maxInvRho + (ramp[i] * (minInvRho - maxInvRho)), KarrasRho);
        }

        return result;
    }

    /// <summary>
    /// The fractional timestep whose training sigma is <paramref name="sigma"/>, interpolating
    /// linearly in log-sigma between neighbouring training steps and clamping at the ends.
    /// </summary>
    public static double ToTimestep(double sigma, ReadOnlySpan<float> logSigmas)
    {
        var logSigma = Math.Log(Math.Max(sigma, 1e-10));

        // The last training step whose log-sigma is at most logSigma (log-sigmas ascend), kept
        // one short of the end so that there is a step above it.
        var low = 0;
        for (var i = 0; i < logSigmas.Length; i++)
        {
            if (logSigma - logSigmas[i] >= 0)
            {
                low = i;
            }
        }

        low = Math.Min(low, logSigmas.Length - 2);
        var high = low + 1;
        // numpy 1.x's value-based casting makes the float64 log-sigma a float32 against the
        // float32 log-sigmas, so the weight is a float32; the result is float64 again.
        var lowLog = logSigmas[low];
        var highLog = logSigmas[high];
        var w = (lowLog - (float)logSigma) / (lowLog - highLog);
        w = Math.Clamp(w, 0f, 1f);
        return ((double)(1f - w) * low) + ((double)w * high);
    }
}
