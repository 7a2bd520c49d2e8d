namespace AssetForge.Schedulers.DpmSolverSinglestep;

using AssetForge.Schedulers.Schedules;

/// <summary>
/// The timesteps and sigmas of diffusers' <c>DPMSolverSinglestepScheduler</c>: <c>steps + 1</c>
/// integer timesteps spread evenly (rounded) over the training range with the last dropped (the
/// class has no <c>timestep_spacing</c>), training sigmas at them, or Karras sigmas over the whole
/// training range with their timesteps rounded; then the final sigma.
/// </summary>
/// <param name="Timesteps">The full schedule's timesteps.</param>
/// <param name="Sigmas">One sigma per timestep, then the final sigma.</param>
internal sealed record DpmSolverSinglestepSchedule(float[] Timesteps, float[] Sigmas)
{
    public static DpmSolverSinglestepSchedule Build(BetaScheduleSettings settings, int inferenceSteps, bool karras, bool finalSigmaIsZero)
    {
        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        var trainingSigmas = SigmaSchedule.TrainingSigmas(alphasCumprod);

        // lambda_min_clipped is not offered (its default, -inf, clips nothing).
        var points = NumpyRanges.Linspace(0, settings.NumTrainTimesteps - 1, inferenceSteps + 1);
        var timesteps = new double[inferenceSteps];
        for (var i = 0; i < inferenceSteps; i++)
        {
            timesteps[i] = NumpyRanges.Round(points[inferenceSteps - i]);
        }

        double[] sigmas;
        if (karras)
        {
            sigmas = SigmaSchedule.Karras(trainingSigmas[0], trainingSigmas[^1], inferenceSteps);
            var logSigmas = SigmaSchedule.Log(trainingSigmas);
            for (var i = 0; i < timesteps.Length; i++)
            {
                timesteps[i] = NumpyRanges.Round(SigmaSchedule.ToTimestep(sigmas[i], logSigmas));
            }
        }
        else
        {
            sigmas = SigmaSchedule.AtTimesteps(ToSingle(timesteps), trainingSigmas);
        }

        var stored = new float[sigmas.Length + 1];
        for (var i = 0; i < sigmas.Length; i++)
        {
            stored[i] = (float)sigmas[i];
        }

        stored[^1] = finalSigmaIsZero ? 0f : MathF.Sqrt((1f - alphasCumprod[0]) / alphasCumprod[0]);
        return new DpmSolverSinglestepSchedule(ToSingle(timesteps), stored);
    }

    // Whole numbers below 2^24: exact in float.
    private static float[] ToSingle(double[] values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)values[i];
        }

        return result;
    }
}
