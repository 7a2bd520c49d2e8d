namespace AssetForge.Schedulers.Schedules;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// The timesteps and sigmas of diffusers' k-diffusion-style schedulers (Euler, Euler ancestral,
/// Heun, LMS, which compute them the same way):
/// training sigmas taken at the spaced timesteps (or log-linear, or Karras), a final sigma, and
/// the initial noise sigma. Options a scheduler does not offer take diffusers' defaults.
/// </summary>
/// <param name="Timesteps">The full schedule's timesteps.</param>
/// <param name="Sigmas">One sigma per timestep, then the final sigma (for log_linear, as diffusers, one more).</param>
/// <param name="InitNoiseSigma">The standard deviation of the initial noise.</param>
internal sealed record EulerSigmaSchedule(float[] Timesteps, float[] Sigmas, float InitNoiseSigma)
{
    public static EulerSigmaSchedule Build(SchedulerConfig resolved, int inferenceSteps)
    {
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        var spacing = options.GetString("timestep_spacing");

        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        if (settings.RescaleBetasZeroSnr)
        {
            // A zero terminal alpha_bar would make the last sigma infinite; diffusers uses 2^-24.
            alphasCumprod[^1] = 1f / (1 << 24);
        }

        var trainingSigmas = SigmaSchedule.TrainingSigmas(alphasCumprod);
        var spaced = TimestepSpacing.Compute(spacing, settings.NumTrainTimesteps, inferenceSteps, options.GetInt32("steps_offset"), roundLinspace: false);
        var timesteps = new float[spaced.Length];
        for (var i = 0; i < timesteps.Length; i++)
        {
            timesteps[i] = (float)spaced[i];
        }

        var sigmas = Optional(resolved, "interpolation_type", "linear") == "log_linear"
            ? SigmaSchedule.LogLinear(trainingSigmas, inferenceSteps + 1)
            : SigmaSchedule.AtTimesteps(timesteps, trainingSigmas);

        if (resolved.TryGetValue("use_karras_sigmas", out var karras) && karras.GetBoolean())
        {
            // Schedulers without sigma_min/sigma_max options (Heun, LMS, ...) use the schedule's own.
            var sigmaMin = (resolved.Values.ContainsKey("sigma_min") ? options.GetDoubleOrNull("sigma_min") : null) ?? sigmas[^1];
            var sigmaMax = (resolved.Values.ContainsKey("sigma_max") ? options.GetDoubleOrNull("sigma_max") : null) ?? sigmas[0];
            sigmas = SigmaSchedule.Karras(sigmaMin, sigmaMax, inferenceSteps);
            var logSigmas = SigmaSchedule.Log(trainingSigmas);
            timesteps = new float[sigmas.Length];
            for (var i = 0; i < timesteps.Length; i++)
            {
                timesteps[i] = (float)SigmaSchedule.ToTimestep(sigmas[i], logSigmas);
            }
        }

        var finalSigma = Optional(resolved, "final_sigmas_type", "zero") == "sigma_min"
            ? MathF.Sqrt((1f - alphasCumprod[0]) / alphasCumprod[0])
            : 0f;
        var storedSigmas = new float[sigmas.Length + 1];
        var maxSigma = float.MinValue;
        for (var i = 0; i < sigmas.Length; i++)
        {
            storedSigmas[i] = (float)sigmas[i];
        }

        storedSigmas[^1] = finalSigma;
        foreach (var sigma in storedSigmas)
        {
            maxSigma = Math.Max(maxSigma, sigma);
        }

        // With leading spacing the first timestep is below the last training step, so diffusers
        // scales the initial noise as for a variance-preserving sample.
        var initNoiseSigma = spacing is TimestepSpacing.Linspace or TimestepSpacing.Trailing
            ? maxSigma
            : MathF.Sqrt((maxSigma * maxSigma) + 1f);

        return new EulerSigmaSchedule(timesteps, storedSigmas, initNoiseSigma);
    }

    private static string Optional(SchedulerConfig resolved, string name, string fallback) =>
        resolved.TryGetValue(name, out var value) ? value.GetString()! : fallback;
}
