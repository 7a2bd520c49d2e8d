namespace AssetForge.Schedulers.Euler;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>euler_ancestral</c>: diffusers' <c>EulerAncestralDiscreteScheduler</c> ("Euler a"). Its
/// noise comes from the image's generator, so it is as reproducible as the deterministic ones.
/// </summary>
public sealed class EulerAncestralDiscreteSchedulerFactory : SchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.Options,
        new(CommonOptions.Option("prediction_type", SchedulerOptionKind.String, "\"epsilon\"", "What the model predicts.",
            "epsilon", "v_prediction")),
        CommonOptions.TimestepSpacing(TimestepSpacing.Linspace),
        CommonOptions.StepsOffset,
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "euler_ancestral", "1.0.0", ["k_euler_a", "k_euler_ancestral", "euler_a", "Euler a", "EulerAncestralDiscreteScheduler"], OptionSpecs);

    public EulerAncestralDiscreteSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var schedule = EulerSigmaSchedule.Build(resolved, inferenceSteps);
        return new EulerAncestralDiscreteScheduler(
            schedule.Timesteps[firstStep..], schedule.Sigmas, firstStep, schedule.InitNoiseSigma, new OptionReader(resolved).GetString("prediction_type"));
    }
}
