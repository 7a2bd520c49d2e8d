namespace AssetForge.Schedulers.Ddim;

using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary><c>ddim</c>: diffusers' <c>DDIMScheduler</c>, with its options and defaults, plus <c>eta</c>.</summary>
public sealed class DdimSchedulerFactory : ISchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.Options,
        new(CommonOptions.Option("clip_sample", SchedulerOptionKind.Boolean, "true",
            "Clamp the predicted clean sample to [-clip_sample_range, clip_sample_range].")),
        new(CommonOptions.Option("clip_sample_range", SchedulerOptionKind.Number, "1.0",
            "Bound for clip_sample."), Minimum: 0),
        new(CommonOptions.Option("set_alpha_to_one", SchedulerOptionKind.Boolean, "true",
            "Use alpha_bar = 1 after the last step (else the first training step's alpha_bar).")),
        CommonOptions.StepsOffset,
        CommonOptions.PredictionType,
        new(CommonOptions.Option("thresholding", SchedulerOptionKind.Boolean, "false",
            "Imagen's dynamic thresholding of the predicted clean sample (pixel-space models).")),
        new(CommonOptions.Option("dynamic_thresholding_ratio", SchedulerOptionKind.Number, "0.995",
            "Quantile of |x0| used as the threshold."), Minimum: 0, Maximum: 1),
        new(CommonOptions.Option("sample_max_value", SchedulerOptionKind.Number, "1.0",
            "Largest threshold for dynamic thresholding."), Minimum: 1),
        CommonOptions.TimestepSpacing(TimestepSpacing.Leading),
        new(CommonOptions.Option("eta", SchedulerOptionKind.Number, "0.0",
            "Stochasticity: 0 is deterministic DDIM, 1 is DDPM-like; noise comes from the image's generator."), Minimum: 0),
    ];

    private readonly SchedulerConfigResolver _resolver = new("ddim", OptionSpecs);

    public string Id => "ddim";

    public string Version => "1.0.0";

    public IReadOnlyList<string> Aliases { get; } = ["DDIM", "DDIMScheduler"];

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
                $"ddim cannot run {inferenceSteps} steps: the model was trained with {settings.NumTrainTimesteps} timesteps.");
        }

        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        var spaced = TimestepSpacing.Compute(
            options.GetString("timestep_spacing"), settings.NumTrainTimesteps, inferenceSteps, options.GetInt32("steps_offset"), roundLinspace: true);
        var timesteps = new float[spaced.Length - firstStep];
        for (var i = 0; i < timesteps.Length; i++)
        {
            timesteps[i] = (float)spaced[firstStep + i];
        }

        var finalAlphaCumprod = options.GetBoolean("set_alpha_to_one") ? 1f : alphasCumprod[0];
        return new DdimScheduler(timesteps, alphasCumprod, finalAlphaCumprod, settings.NumTrainTimesteps / inferenceSteps, DdimSettings.From(resolved));
    }
}
