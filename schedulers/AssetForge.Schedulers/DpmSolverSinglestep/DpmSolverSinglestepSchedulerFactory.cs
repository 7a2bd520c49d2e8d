namespace AssetForge.Schedulers.DpmSolverSinglestep;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>dpmpp_2s</c>: diffusers' <c>DPMSolverSinglestepScheduler</c> with
/// <c>algorithm_type: dpmsolver++</c> and <c>solver_order: 2</c> ("DPM++ 2S", not A1111's
/// ancestral "DPM++ 2S a"). As with <c>dpmpp_2m</c>, the algorithm and the order are what the
/// name means, not options. diffusers' class has no <c>timestep_spacing</c>: its timesteps are
/// always spread evenly over the training range.
/// </summary>
public sealed class DpmSolverSinglestepSchedulerFactory : SchedulerFactory
{
    internal static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.OptionsWith("0.0001", "0.02", rescaleBetasZeroSnr: false),
        CommonOptions.PredictionType,
        new(CommonOptions.Option("solver_type", SchedulerOptionKind.String, "\"midpoint\"",
            "How the higher-order terms are formed.", "midpoint", "heun")),
        new(CommonOptions.Option("lower_order_final", SchedulerOptionKind.Boolean, "false",
            "Shorter runs at the end of the schedule; diffusers turns this on by itself whenever final_sigmas_type is zero or the steps are not a multiple of the order.")),
        CommonOptions.UseKarrasSigmas,
        new(CommonOptions.Option("final_sigmas_type", SchedulerOptionKind.String, "\"zero\"",
            "The sigma after the last step.", "zero", "sigma_min")),
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "dpmpp_2s", "1.0.0", ["DPM++ 2S", "dpmpp2s", "DPMSolverSinglestepScheduler"], OptionSpecs, karrasVariantId: "dpmpp_2s_karras");

    public DpmSolverSinglestepSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep) =>
        CreateScheduler(resolved, inferenceSteps, firstStep, solverOrder: 2);

    /// <summary>The singlestep DPM-Solver++ every name of the family creates.</summary>
    internal static IScheduler CreateScheduler(SchedulerConfig resolved, int inferenceSteps, int firstStep, int solverOrder)
    {
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        InferenceWindow.ThrowIfMoreThanTrained("DPM-Solver++ (singlestep)", inferenceSteps, settings.NumTrainTimesteps);

        var finalSigmaIsZero = options.GetString("final_sigmas_type") == "zero";
        var lowerOrderFinal = options.GetBoolean("lower_order_final") || finalSigmaIsZero || inferenceSteps % solverOrder != 0;
        var schedule = DpmSolverSinglestepSchedule.Build(settings, inferenceSteps, options.GetBoolean("use_karras_sigmas"), finalSigmaIsZero);
        var orders = SinglestepOrders.For(inferenceSteps, solverOrder, lowerOrderFinal, finalSigmaIsZero);
        return new DpmSolverSinglestepScheduler(
            schedule.Timesteps[firstStep..],
            schedule.Sigmas,
            orders,
            firstStep,
            solverOrder,
            options.GetString("prediction_type"),
            heun: options.GetString("solver_type") == "heun");
    }
}
