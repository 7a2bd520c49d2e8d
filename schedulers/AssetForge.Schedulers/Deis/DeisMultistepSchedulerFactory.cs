namespace AssetForge.Schedulers.Deis;

using System.Text.Json;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.DpmSolver;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>deis</c>: diffusers' <c>DEISMultistepScheduler</c> (<c>algorithm_type: deis</c>,
/// <c>solver_type: logrho</c>, the only ones it implements). Its timesteps and sigmas are those of
/// the DPM-Solver family, ending at the smallest training sigma (or the last Karras sigma), never
/// at zero.
/// </summary>
public sealed class DeisMultistepSchedulerFactory : SchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.OptionsWith("0.0001", "0.02", rescaleBetasZeroSnr: false),
        new(CommonOptions.Option("solver_order", SchedulerOptionKind.Integer, "2",
            "How many past predictions each step uses (2 for guided sampling, 3 for unconditional)."), Minimum: 1, Maximum: 3),
        CommonOptions.PredictionType,
        new(CommonOptions.Option("lower_order_final", SchedulerOptionKind.Boolean, "true",
            "Use lower-order steps at the end of schedules shorter than 15 steps (stabilises few-step sampling).")),
        CommonOptions.UseKarrasSigmas,
        CommonOptions.TimestepSpacing(TimestepSpacing.Linspace),
        CommonOptions.StepsOffset,
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "deis", "1.0.0", ["DEIS", "DEISMultistepScheduler", "deis_multistep"], OptionSpecs);

    // DEIS always ends at a nonzero sigma: the DPM-Solver schedule's sigma_min rule.
    private static readonly KeyValuePair<string, JsonElement>[] FinalSigmaMin =
        [new("final_sigmas_type", JsonSerializer.SerializeToElement("sigma_min"))];

    public DeisMultistepSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        InferenceWindow.ThrowIfMoreThanTrained("DEIS", inferenceSteps, settings.NumTrainTimesteps);

        var schedule = DpmSolverSchedule.Build(settings, new OptionReader(resolved.With(FinalSigmaMin)), inferenceSteps, uniPcRules: true);
        return new DeisMultistepScheduler(
            schedule.Timesteps[firstStep..],
            schedule.Sigmas,
            firstStep,
            options.GetInt32("solver_order"),
            options.GetBoolean("lower_order_final"),
            options.GetString("prediction_type"));
    }
}
