namespace AssetForge.Schedulers.DpmSolver;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>dpmpp_2m</c>: diffusers' <c>DPMSolverMultistepScheduler</c> with
/// <c>algorithm_type: dpmsolver++</c> and <c>solver_order: 2</c> ("DPM++ 2M" in A1111 and
/// ComfyUI). Those two are what the name means, so they are not options: a model's
/// scheduler_config.json asking for another algorithm or order does not change this scheduler.
/// </summary>
public sealed class DpmSolverMultistepSchedulerFactory : SchedulerFactory
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

    private static readonly SchedulerDescriptor Descriptor = new(
        "dpmpp_2m", "1.1.0", ["DPM++ 2M", "k_dpmpp_2m", "dpmpp2m", "DPMSolverMultistepScheduler"], OptionSpecs, karrasVariantId: "dpmpp_2m_karras");

    public DpmSolverMultistepSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep) =>
        CreateScheduler(resolved, inferenceSteps, firstStep, stochastic: false);

    /// <summary>The DPM-Solver++ (2M) scheduler every name of the family creates; <paramref name="stochastic"/> for the SDE variant.</summary>
    internal static IScheduler CreateScheduler(SchedulerConfig resolved, int inferenceSteps, int firstStep, bool stochastic)
    {
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        InferenceWindow.ThrowIfMoreThanTrained("DPM-Solver++", inferenceSteps, settings.NumTrainTimesteps);

        var schedule = DpmSolverSchedule.Build(settings, options, inferenceSteps);
        return new DpmSolverMultistepScheduler(
            schedule.Timesteps[firstStep..], schedule.Sigmas, firstStep, DpmSolverSettings.From(resolved, solverOrder: 2, stochastic));
    }
}
