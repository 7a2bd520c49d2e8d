namespace AssetForge.Schedulers.Lms;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary><c>lms</c>: diffusers' <c>LMSDiscreteScheduler</c> ("LMS" in A1111, <c>k_lms</c>).</summary>
public sealed class LmsDiscreteSchedulerFactory : ISchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.OptionsWith("0.0001", "0.02", rescaleBetasZeroSnr: false),
        CommonOptions.UseKarrasSigmas,
        CommonOptions.PredictionType,
        CommonOptions.TimestepSpacing(TimestepSpacing.Linspace),
        CommonOptions.StepsOffset,
    ];

    private readonly SchedulerConfigResolver _resolver = new("lms", OptionSpecs);

    public string Id => "lms";

    public string Version => "1.0.0";

    public IReadOnlyList<string> Aliases { get; } = ["LMS", "k_lms", "lms_discrete", "LMSDiscreteScheduler"];

    public IReadOnlyList<SchedulerOption> Options => _resolver.PublicOptions;

    public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides) => _resolver.Resolve(modelConfig, overrides);

    public IScheduler Create(SchedulerConfig resolved, int inferenceSteps, double strength = 1.0)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var firstStep = InferenceWindow.FirstStep(inferenceSteps, strength);
        var schedule = EulerSigmaSchedule.Build(resolved, inferenceSteps);
        return new LmsDiscreteScheduler(
            schedule.Timesteps[firstStep..], schedule.Sigmas, firstStep, schedule.InitNoiseSigma, new OptionReader(resolved).GetString("prediction_type"));
    }
}
