namespace AssetForge.Schedulers.Ddim;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary><c>ddim</c>: diffusers' <c>DDIMScheduler</c>, with its options and defaults, plus <c>eta</c>.</summary>
public sealed class DdimSchedulerFactory : SchedulerFactory
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

    private static readonly SchedulerDescriptor Descriptor = new(
        "ddim", "1.0.0", ["DDIM", "DDIMScheduler"], OptionSpecs);

    public DdimSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var schedule = SpacedAlphasCumprodSchedule.Build("ddim", resolved, inferenceSteps, firstStep);
        var finalAlphaCumprod = new OptionReader(resolved).GetBoolean("set_alpha_to_one") ? 1f : schedule.AlphasCumprod[0];
        return new DdimScheduler(
            schedule.Timesteps, schedule.AlphasCumprod, finalAlphaCumprod, schedule.Settings.NumTrainTimesteps / inferenceSteps, DdimSettings.From(resolved));
    }
}
