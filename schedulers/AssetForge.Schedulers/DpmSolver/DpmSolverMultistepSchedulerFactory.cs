namespace AssetForge.Schedulers.DpmSolver;

using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>dpmpp_2m</c>: diffusers' <c>DPMSolverMultistepScheduler</c> with
/// <c>algorithm_type: dpmsolver++</c> and <c>solver_order: 2</c> ("DPM++ 2M" in A1111 and
/// ComfyUI). Those two are what the name means, so they are not options: a model's
/// scheduler_config.json asking for another algorithm or order does not change this scheduler.
/// </summary>
public sealed class DpmSolverMultistepSchedulerFactory : ISchedulerFactory
{
    internal static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.Options,
        CommonOptions.PredictionType,
        new(CommonOptions.Option("solver_type", SchedulerOptionKind.String, "\"midpoint\"",
            "How the second-order term is formed.", "midpoint", "heun")),
        new(CommonOptions.Option("lower_order_final", SchedulerOptionKind.Boolean, "true",
            "Use first-order steps at the end of schedules shorter than 15 steps (stabilises few-step sampling).")),
        new(CommonOptions.Option("euler_at_final", SchedulerOptionKind.Boolean, "false",
            "Make the last step first order whatever the schedule length.")),
        CommonOptions.UseKarrasSigmas,
        new(CommonOptions.Option("final_sigmas_type", SchedulerOptionKind.String, "\"zero\"",
            "The sigma after the last step.", "zero", "sigma_min")),
        CommonOptions.TimestepSpacing(TimestepSpacing.Linspace),
        CommonOptions.StepsOffset,
    ];

    private readonly SchedulerConfigResolver _resolver = new("dpmpp_2m", OptionSpecs);

    public string Id => "dpmpp_2m";

    public string Version => "1.0.0";

    public IReadOnlyList<string> Aliases { get; } = ["DPM++ 2M", "k_dpmpp_2m", "dpmpp2m", "DPMSolverMultistepScheduler"];

    public IReadOnlyList<SchedulerOption> Options => _resolver.PublicOptions;

    public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides) => _resolver.Resolve(modelConfig, overrides);

    public IScheduler Create(SchedulerConfig resolved, int inferenceSteps, double strength = 1.0) =>
        CreateScheduler(resolved, inferenceSteps, strength);

    internal static IScheduler CreateScheduler(SchedulerConfig resolved, int inferenceSteps, double strength, bool stochastic = false)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var firstStep = InferenceWindow.FirstStep(inferenceSteps, strength);
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        if (inferenceSteps > settings.NumTrainTimesteps)
        {
            throw new PluginException(
                "AF2102",
                $"DPM-Solver++ cannot run {inferenceSteps} steps: the model was trained with {settings.NumTrainTimesteps} timesteps.");
        }

        var schedule = DpmSolverSchedule.Build(settings, options, inferenceSteps);
        return new DpmSolverMultistepScheduler(
            schedule.Timesteps[firstStep..], schedule.Sigmas, firstStep, DpmSolverSettings.From(resolved, solverOrder: 2, stochastic));
    }
}
