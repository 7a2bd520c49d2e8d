namespace AssetForge.Schedulers.Ddpm;

using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>ddpm</c>: diffusers' <c>DDPMScheduler</c>. Its noise comes from the image's generator. The
/// learned variance types need a model that outputs twice the latent channels, which Stable
/// Diffusion models do not, so they are not offered.
/// </summary>
public sealed class DdpmSchedulerFactory : ISchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.Options,
        new(CommonOptions.Option("variance_type", SchedulerOptionKind.String, "\"fixed_small\"",
            "The noise added at each step: the posterior variance (fixed_small, or computed through its log), or beta_t (fixed_large).",
            "fixed_small", "fixed_small_log", "fixed_large")),
        new(CommonOptions.Option("clip_sample", SchedulerOptionKind.Boolean, "true",
            "Clamp the predicted clean sample to [-clip_sample_range, clip_sample_range].")),
        new(CommonOptions.Option("clip_sample_range", SchedulerOptionKind.Number, "1.0", "Bound for clip_sample."), Minimum: 0),
        CommonOptions.PredictionType,
        .. CommonOptions.Thresholding,
        CommonOptions.TimestepSpacing(TimestepSpacing.Leading),
        CommonOptions.StepsOffset,
    ];

    private readonly SchedulerConfigResolver _resolver = new("ddpm", OptionSpecs);

    public string Id => "ddpm";

    public string Version => "1.0.0";

    public IReadOnlyList<string> Aliases { get; } = ["DDPM", "DDPMScheduler"];

    public IReadOnlyList<SchedulerOption> Options => _resolver.PublicOptions;

    public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides) => _resolver.Resolve(modelConfig, overrides);

    public IScheduler Create(SchedulerConfig resolved, int inferenceSteps, double strength = 1.0)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var firstStep = InferenceWindow.FirstStep(inferenceSteps, strength);
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        if (inferenceSteps > settings.NumTrainTimesteps)
        {
            throw new PluginException(
                "AF2102",
                $"ddpm cannot run {inferenceSteps} steps: the model was trained with {settings.NumTrainTimesteps} timesteps.");
        }

        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        var spaced = TimestepSpacing.Compute(
            options.GetString("timestep_spacing"), settings.NumTrainTimesteps, inferenceSteps, options.GetInt32("steps_offset"), roundLinspace: true);
        var timesteps = new float[spaced.Length - firstStep];
        for (var i = 0; i < timesteps.Length; i++)
        {
            timesteps[i] = (float)spaced[firstStep + i];
        }

        return new DdpmScheduler(timesteps, alphasCumprod, DdpmSettings.From(resolved));
    }
}
