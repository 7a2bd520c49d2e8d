namespace AssetForge.Schedulers.DpmSolverSde;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// diffusers' <c>DPMSolverSDEScheduler.set_timesteps</c>: sigmas at the spaced timesteps (or
/// Karras'), each step's midpoint in log-sigma as the timestep of its second evaluation, and the
/// interleaving <c>t0, m0, t1, m1, ..., t(n-1)</c> with sigmas <c>s0, s1, s1, ..., s(n-1), s(n-1), 0</c>.
/// </summary>
/// <param name="Timesteps">The interleaved timesteps, 2n - 1 of them.</param>
/// <param name="Sigmas">The interleaved float32 sigmas, 2n of them, the last 0.</param>
/// <param name="InitNoiseSigma">The standard deviation of the initial noise.</param>
internal sealed record DpmSolverSdeSchedule(float[] Timesteps, float[] Sigmas, float InitNoiseSigma)
{
    public static DpmSolverSdeSchedule Build(SchedulerConfig resolved, int inferenceSteps)
    {
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        var spacing = options.GetString("timestep_spacing");
        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        var trainingSigmas = SigmaSchedule.TrainingSigmas(alphasCumprod);
        var logSigmas = SigmaSchedule.Log(trainingSigmas);
        var timesteps = TimestepSpacing.Compute(spacing, settings.NumTrainTimesteps, inferenceSteps, options.GetInt32("steps_offset"), roundLinspace: false);

        // numpy interpolates at the float64 timesteps.
        var sigmas = new double[timesteps.Length];
        for (var i = 0; i < sigmas.Length; i++)
        {
            sigmas[i] = NumpyRanges.Interp(timesteps[i], trainingSigmas);
        }

        if (options.GetBoolean("use_karras_sigmas"))
        {
            sigmas = SigmaSchedule.Karras(sigmas[^1], sigmas[0], inferenceSteps);
            for (var i = 0; i < sigmas.Length; i++)
            {
                timesteps[i] = SigmaSchedule.ToTimestep(sigmas[i], logSigmas);
            }
        }

        var n = sigmas.Length;
        var interleavedTimesteps = new float[(2 * n) - 1];
        var interleavedSigmas = new float[2 * n];
        interleavedTimesteps[0] = (float)timesteps[0];
        interleavedSigmas[0] = (float)sigmas[0];
        for (var i = 1; i < n; i++)
        {
            // The midpoint of steps i-1 and i in t = -log(sigma), in float64 as numpy.
            var t = -Math.Log(sigmas[i - 1]);
            var tNext = -Math.Log(sigmas[i]);
            var midpoint = Math.Exp(-(t + ((tNext - t) * 0.5)));
            interleavedTimesteps[(2 * i) - 1] = (float)SigmaSchedule.ToTimestep(midpoint, logSigmas);
            interleavedTimesteps[2 * i] = (float)timesteps[i];
            interleavedSigmas[(2 * i) - 1] = interleavedSigmas[2 * i] = (float)sigmas[i];
        }

        interleavedSigmas[^1] = 0f;
        var maxSigma = 0f;
        foreach (var sigma in interleavedSigmas)
        {
            maxSigma = Math.Max(maxSigma, sigma);
        }

        var initNoiseSigma = spacing is TimestepSpacing.Linspace or TimestepSpacing.Trailing
            ? maxSigma
            : MathF.Sqrt((maxSigma * maxSigma) + 1f);
        return new DpmSolverSdeSchedule(interleavedTimesteps, interleavedSigmas, initNoiseSigma);
    }
}
