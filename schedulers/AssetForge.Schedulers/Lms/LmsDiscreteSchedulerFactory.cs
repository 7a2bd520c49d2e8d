namespace AssetForge.Schedulers.Lms;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary><c>lms</c>: diffusers' <c>LMSDiscreteScheduler</c> ("LMS" in A1111, <c>k_lms</c>).</summary>
public sealed class LmsDiscreteSchedulerFactory : SchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.OptionsWith("0.0001", "0.02", rescaleBetasZeroSnr: false),
        CommonOptions.UseKarrasSigmas,
        CommonOptions.PredictionType,
        CommonOptions.TimestepSpacing(TimestepSpacing.Linspace),
        CommonOptions.StepsOffset,
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "lms", "1.0.0", ["LMS", "k_lms", "lms_discrete", "LMSDiscreteScheduler"], OptionSpecs);

    public LmsDiscreteSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var schedule = EulerSigmaSchedule.Build(resolved, inferenceSteps);
        return new LmsDiscreteScheduler(
            schedule.Timesteps[firstStep..], schedule.Sigmas, firstStep, schedule.InitNoiseSigma, new OptionReader(resolved).GetString("prediction_type"));
    }
}
