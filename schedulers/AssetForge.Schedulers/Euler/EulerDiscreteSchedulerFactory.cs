namespace AssetForge.Schedulers.Euler;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>euler</c>: diffusers' <c>EulerDiscreteScheduler</c> (the "Euler" of A1111 and ComfyUI),
/// with its options and defaults.
/// </summary>
public sealed class EulerDiscreteSchedulerFactory : SchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.Options,
        CommonOptions.PredictionType,
        new(CommonOptions.Option("interpolation_type", SchedulerOptionKind.String, "\"linear\"",
            "How inference sigmas are taken from the training sigmas.", "linear", "log_linear")),
        new(CommonOptions.Option("use_karras_sigmas", SchedulerOptionKind.Boolean, "false",
            "Use Karras et al.'s noise levels instead of the training sigmas at the spaced timesteps.")),
        new(CommonOptions.Option("sigma_min", SchedulerOptionKind.Number, "null",
            "Smallest Karras sigma; null for the schedule's own."), Minimum: 0, Nullable: true),
        new(CommonOptions.Option("sigma_max", SchedulerOptionKind.Number, "null",
            "Largest Karras sigma; null for the schedule's own."), Minimum: 0, Nullable: true),
        CommonOptions.TimestepSpacing(TimestepSpacing.Linspace),
        CommonOptions.StepsOffset,
        new(CommonOptions.Option("final_sigmas_type", SchedulerOptionKind.String, "\"zero\"",
            "The sigma after the last step.", "zero", "sigma_min")),
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "euler", "1.0.0", ["k_euler", "Euler", "euler_discrete", "EulerDiscreteScheduler"], OptionSpecs);

    public EulerDiscreteSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var schedule = EulerSigmaSchedule.Build(resolved, inferenceSteps);
        var options = new OptionReader(resolved);
        return new EulerDiscreteScheduler(schedule.Timesteps[firstStep..], schedule.Sigmas, firstStep, schedule.InitNoiseSigma, options.GetString("prediction_type"));
    }
}
