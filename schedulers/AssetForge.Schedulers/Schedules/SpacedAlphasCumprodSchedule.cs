namespace AssetForge.Schedulers.Schedules;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// The schedule DDIM and DDPM share: the training alphas_cumprod, and the inference timesteps
/// spread by <c>timestep_spacing</c> (diffusers rounds linspace), from the img2img window's first
/// step on.
/// </summary>
internal sealed record SpacedAlphasCumprodSchedule(BetaScheduleSettings Settings, float[] AlphasCumprod, float[] Timesteps)
{
    /// <exception cref="AssetForge.Abstractions.Plugins.PluginException">More steps than training timesteps.</exception>
    public static SpacedAlphasCumprodSchedule Build(string scheduler, SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        InferenceWindow.ThrowIfMoreThanTrained(scheduler, inferenceSteps, settings.NumTrainTimesteps);

        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        var spaced = TimestepSpacing.Compute(
            options.GetString("timestep_spacing"), settings.NumTrainTimesteps, inferenceSteps, options.GetInt32("steps_offset"), roundLinspace: true);
        var timesteps = new float[spaced.Length - firstStep];
        for (var i = 0; i < timesteps.Length; i++)
        {
            timesteps[i] = (float)spaced[firstStep + i];
        }

        return new SpacedAlphasCumprodSchedule(settings, alphasCumprod, timesteps);
    }
}
