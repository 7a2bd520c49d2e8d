namespace AssetForge.Schedulers.Ddpm;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>ddpm</c>: diffusers' <c>DDPMScheduler</c>. Its noise comes from the image's generator. The
/// learned variance types need a model that outputs twice the latent channels, which Stable
/// Diffusion models do not, so they are not offered.
/// </summary>
public sealed class DdpmSchedulerFactory : SchedulerFactory
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

    private static readonly SchedulerDescriptor Descriptor = new(
        "ddpm", "1.0.0", ["DDPM", "DDPMScheduler"], OptionSpecs);

    public DdpmSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var schedule = SpacedAlphasCumprodSchedule.Build("ddpm", resolved, inferenceSteps, firstStep);
        return new DdpmScheduler(schedule.Timesteps, schedule.AlphasCumprod, DdpmSettings.From(resolved));
    }
}
