namespace AssetForge.Schedulers.Lcm;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>lcm</c>: diffusers' <c>LCMScheduler</c>, for latent consistency models and LCM-LoRA (4-8
/// steps, cfg about 1-2). Its timesteps are spread over the <c>original_inference_steps</c> the
/// model was distilled with, so <c>timestep_spacing</c> does not apply. For img2img it runs the
/// tail of the text-to-image schedule, as diffusers' generic img2img pipelines do.
/// </summary>
public sealed class LcmSchedulerFactory : SchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        CommonOptions.NumTrainTimesteps,
        CommonOptions.BetaStart with { Option = CommonOptions.BetaStart.Option with { DefaultValue = "0.00085" } },
        CommonOptions.BetaEnd with { Option = CommonOptions.BetaEnd.Option with { DefaultValue = "0.012" } },
        CommonOptions.BetaSchedule with { Option = CommonOptions.BetaSchedule.Option with { DefaultValue = "\"scaled_linear\"" } },
        CommonOptions.TrainedBetas,
        CommonOptions.RescaleBetasZeroSnr,
        new(CommonOptions.Option("original_inference_steps", SchedulerOptionKind.Integer, "50",
            "The number of skipping steps the model was distilled with; inference timesteps are taken from them."), Minimum: 1),
        new(CommonOptions.Option("clip_sample", SchedulerOptionKind.Boolean, "false",
            "Clamp the predicted clean sample to [-clip_sample_range, clip_sample_range].")),
        new(CommonOptions.Option("clip_sample_range", SchedulerOptionKind.Number, "1.0", "Bound for clip_sample."), Minimum: 0),
        new(CommonOptions.Option("set_alpha_to_one", SchedulerOptionKind.Boolean, "true",
            "Accepted for diffusers compatibility; LCM never steps past its last timestep, so it does not change images.")),
        CommonOptions.PredictionType,
        .. CommonOptions.Thresholding,
        new(CommonOptions.Option("timestep_scaling", SchedulerOptionKind.Number, "10.0",
            "Multiplies the timestep in the boundary-condition scalings c_skip and c_out."), Minimum: 0),
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "lcm", "1.0.0", ["LCM", "LCMScheduler"], OptionSpecs);

    public LcmSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        var timesteps = DistillationTimesteps.Compute(
            "lcm", settings.NumTrainTimesteps, options.GetInt32("original_inference_steps"), inferenceSteps, firstStep);
        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        return new LcmScheduler(timesteps, alphasCumprod, LcmSettings.From(resolved));
    }
}
