namespace AssetForge.Schedulers.DpmSolver;

using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// The timesteps and sigmas of diffusers' DPM-Solver family: integer timesteps spaced over
/// <c>steps + 1</c> points with the last dropped (linspace, leading) or as the Euler family
/// (trailing), training sigmas at them or Karras sigmas over the whole training range with
/// rounded timesteps, then the final sigma.
/// </summary>
/// <param name="Timesteps">The full schedule's timesteps.</param>
/// <param name="Sigmas">One sigma per timestep, then the final sigma.</param>
internal sealed record DpmSolverSchedule(float[] Timesteps, float[] Sigmas)
{
    /// <param name="settings">The training schedule.</param>
    /// <param name="options">The resolved options.</param>
    /// <param name="inferenceSteps">The number of inference steps.</param>
    /// <param name="uniPcRules">
    /// UniPC's variant of the same code: Karras timesteps are rounded for every beta schedule, and
    /// <c>final_sigmas_type: sigma_min</c> with Karras sigmas repeats the last Karras sigma.
    /// </param>
    public static DpmSolverSchedule Build(BetaScheduleSettings settings, OptionReader options, int inferenceSteps, bool uniPcRules = false)
    {
        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        if (settings.RescaleBetasZeroSnr)
        {
            alphasCumprod[^1] = 1f / (1 << 24);
        }

        var trainingSigmas = SigmaSchedule.TrainingSigmas(alphasCumprod);

        // lambda_min_clipped is not offered (diffusers' default, -inf, clips nothing), so the
        // last timestep is the number of training steps.
        var train = settings.NumTrainTimesteps;
        var timesteps = Spaced(options.GetString("timestep_spacing"), train, inferenceSteps, options.GetInt32("steps_offset"));

        double[] sigmas;
        if (options.GetBoolean("use_karras_sigmas"))
        {
            // Over the whole training range, not the spaced timesteps' sigmas.
            sigmas = SigmaSchedule.Karras(trainingSigmas[0], trainingSigmas[^1], inferenceSteps);
            var logSigmas = SigmaSchedule.Log(trainingSigmas);
            timesteps = new double[sigmas.Length];
            for (var i = 0; i < timesteps.Length; i++)
            {
                var t = SigmaSchedule.ToTimestep(sigmas[i], logSigmas);
                timesteps[i] = settings.BetaSchedule == "squaredcos_cap_v2" && !uniPcRules ? t : NumpyRanges.Round(t);
            }
        }
        else
        {
            sigmas = new double[timesteps.Length];
            for (var i = 0; i < sigmas.Length; i++)
            {
                sigmas[i] = NumpyRanges.Interp(timesteps[i], trainingSigmas);
            }
        }

        var stored = new float[sigmas.Length + 1];
        for (var i = 0; i < sigmas.Length; i++)
        {
            stored[i] = (float)sigmas[i];
        }

        var karras = options.GetBoolean("use_karras_sigmas");
        stored[^1] = options.GetString("final_sigmas_type") != "sigma_min" ? 0f
            : uniPcRules && karras ? stored[^2]
            : MathF.Sqrt((1f - alphasCumprod[0]) / alphasCumprod[0]);

        // diffusers keeps them as int64 (truncating fractional squaredcos Karras timesteps).
        var result = new float[timesteps.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (long)timesteps[i];
        }

        return new DpmSolverSchedule(result, stored);
    }

    private static double[] Spaced(string spacing, int train, int steps, int stepsOffset)
    {
        switch (spacing)
        {
            case TimestepSpacing.Linspace:
            {
                var points = NumpyRanges.Linspace(0, train - 1, steps + 1);
                var values = new double[steps];
                for (var i = 0; i < steps; i++)
                {
                    values[i] = NumpyRanges.Round(points[steps - i]);
                }

                return values;
            }

            case TimestepSpacing.Leading:
            {
                var ratio = train / (steps + 1);
                var values = new double[steps];
                for (var i = 0; i < steps; i++)
                {
                    values[i] = ((double)(steps - i) * ratio) + stepsOffset;
                }

                return values;
            }

            default:
                return TimestepSpacing.Compute(spacing, train, steps, stepsOffset, roundLinspace: true);
        }
    }
}
