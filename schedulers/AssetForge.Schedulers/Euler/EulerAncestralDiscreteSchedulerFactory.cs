namespace AssetForge.Schedulers.Euler;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>euler_ancestral</c>: diffusers' <c>EulerAncestralDiscreteScheduler</c> ("Euler a"). Its
/// noise comes from the image's generator, so it is as reproducible as the deterministic ones.
/// </summary>
public sealed class EulerAncestralDiscreteSchedulerFactory : ISchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.Options,
        new(CommonOptions.Option("prediction_type", SchedulerOptionKind.String, "\"epsilon\"", "What the model predicts.",
            "epsilon", "v_prediction")),
        CommonOptions.TimestepSpacing(TimestepSpacing.Linspace),
        CommonOptions.StepsOffset,
    ];

    private readonly SchedulerConfigResolver _resolver = new("euler_ancestral", OptionSpecs);

    public string Id => "euler_ancestral";

    public string Version => "1.0.0";

    public IReadOnlyList<string> Aliases { get; } = ["k_euler_a", "k_euler_ancestral", "euler_a", "Euler a", "EulerAncestralDiscreteScheduler"];

    public IReadOnlyList<SchedulerOption> Options => _resolver.PublicOptions;

    public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides) => _resolver.Resolve(modelConfig, overrides);

    public IScheduler Create(SchedulerConfig resolved, int inferenceSteps, double strength = 1.0)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var firstStep = InferenceWindow.FirstStep(inferenceSteps, strength);
        var schedule = EulerSigmaSchedule.Build(resolved, inferenceSteps);
        return new EulerAncestralDiscreteScheduler(
            schedule.Timesteps[firstStep..], schedule.Sigmas, firstStep, schedule.InitNoiseSigma, new OptionReader(resolved).GetString("prediction_type"));
    }
}
