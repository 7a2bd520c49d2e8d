namespace AssetForge.Schedulers.UniPc;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.DpmSolver;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>unipc</c>: diffusers' <c>UniPCMultistepScheduler</c> (bh2, order 2 by default, predicting
/// x0), with the same timesteps and sigmas as the DPM-Solver family.
/// </summary>
public sealed class UniPcMultistepSchedulerFactory : SchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.Options,
        new(CommonOptions.Option("solver_order", SchedulerOptionKind.Integer, "2",
            "How many past predictions each step uses (2 for guided sampling, 3 for unconditional)."), Minimum: 1, Maximum: 3),
        CommonOptions.PredictionType,
        .. CommonOptions.Thresholding,
        new(CommonOptions.Option("solver_type", SchedulerOptionKind.String, "\"bh2\"",
            "The B(h) of the UniPC paper: bh1 (h) suits few steps unconditionally, bh2 (e^h - 1) otherwise.", "bh1", "bh2")),
        new(CommonOptions.Option("lower_order_final", SchedulerOptionKind.Boolean, "true",
            "Lower the order on the last steps (stabilises few-step sampling).")),
        CommonOptions.UseKarrasSigmas,
        new(CommonOptions.Option("final_sigmas_type", SchedulerOptionKind.String, "\"zero\"",
            "The sigma after the last step.", "zero", "sigma_min")),
        CommonOptions.TimestepSpacing(TimestepSpacing.Linspace),
        CommonOptions.StepsOffset,
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "unipc", "1.0.0", ["UniPC", "uni_pc", "uni_pc_bh2", "UniPCMultistepScheduler"], OptionSpecs);

    public UniPcMultistepSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var settings = BetaScheduleSettings.From(resolved);
        InferenceWindow.ThrowIfMoreThanTrained("unipc", inferenceSteps, settings.NumTrainTimesteps);

        var schedule = DpmSolverSchedule.Build(settings, new OptionReader(resolved), inferenceSteps, uniPcRules: true);
        return new UniPcMultistepScheduler(schedule.Timesteps[firstStep..], schedule.Sigmas, firstStep, UniPcSettings.From(resolved));
    }
}
