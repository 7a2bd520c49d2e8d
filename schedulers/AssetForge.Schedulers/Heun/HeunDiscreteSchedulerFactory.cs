namespace AssetForge.Schedulers.Heun;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>heun</c>: diffusers' <c>HeunDiscreteScheduler</c> ("Heun" in A1111 and ComfyUI). It
/// evaluates the model twice per step, so <c>steps: 25</c> means 49 model evaluations, as in
/// diffusers.
/// </summary>
public sealed class HeunDiscreteSchedulerFactory : SchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.OptionsWith("0.00085", "0.012", rescaleBetasZeroSnr: false),
        CommonOptions.PredictionType,
        CommonOptions.UseKarrasSigmas,
        new(CommonOptions.Option("clip_sample", SchedulerOptionKind.Boolean, "false",
            "Clamp the predicted clean sample to [-clip_sample_range, clip_sample_range].")),
        new(CommonOptions.Option("clip_sample_range", SchedulerOptionKind.Number, "1.0", "Bound for clip_sample."), Minimum: 0),
        CommonOptions.TimestepSpacing(TimestepSpacing.Linspace),
        CommonOptions.StepsOffset,
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "heun", "1.0.0", ["Heun", "k_heun", "heun_discrete", "HeunDiscreteScheduler"], OptionSpecs);

    public HeunDiscreteSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var schedule = EulerSigmaSchedule.Build(resolved, inferenceSteps);
        var options = new OptionReader(resolved);

        // diffusers lists every timestep but the first twice (one per model evaluation) and every
        // sigma but the first and the final zero twice.
        var n = schedule.Timesteps.Length;
        var timesteps = new float[(2 * n) - 1];
        var sigmas = new float[2 * n];
        timesteps[0] = schedule.Timesteps[0];
        sigmas[0] = schedule.Sigmas[0];
        for (var i = 1; i < n; i++)
        {
            timesteps[(2 * i) - 1] = timesteps[2 * i] = schedule.Timesteps[i];
            sigmas[(2 * i) - 1] = sigmas[2 * i] = schedule.Sigmas[i];
        }

        sigmas[^1] = schedule.Sigmas[n];
        var offset = 2 * firstStep;
        return new HeunDiscreteScheduler(
            timesteps[offset..],
            sigmas,
            offset,
            schedule.InitNoiseSigma,
            options.GetString("prediction_type"),
            options.GetBoolean("clip_sample") ? (float)options.GetDouble("clip_sample_range") : null);
    }
}
