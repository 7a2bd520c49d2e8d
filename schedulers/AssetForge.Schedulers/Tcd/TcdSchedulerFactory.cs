namespace AssetForge.Schedulers.Tcd;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>tcd</c>: diffusers' <c>TCDScheduler</c>, for models with a TCD-LoRA (as <c>lcm</c> is for
/// LCM-LoRAs): LCM's timesteps (the distillation steps k-1, 2k-1, ... sampled evenly) with TCD's
/// step. diffusers takes gamma as the step argument <c>eta</c>; here it is the option <c>eta</c>
/// (default 0.3, diffusers' and the TCD pipelines' default), so it is part of the key.
/// </summary>
public sealed class TcdSchedulerFactory : SchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.OptionsWith("0.00085", "0.012", rescaleBetasZeroSnr: true)
            .Select(o => o.Name == "beta_schedule" ? o with { Option = o.Option with { DefaultValue = "\"scaled_linear\"" } } : o),
        new(CommonOptions.Option("original_inference_steps", SchedulerOptionKind.Integer, "50",
            "The number of skipping steps the model was distilled with; inference timesteps are taken from them."), Minimum: 1),
        CommonOptions.PredictionType,
        new(CommonOptions.Option("eta", SchedulerOptionKind.Number, "0.3",
            "TCD's gamma: how much fresh noise each step puts back (0: deterministic)."), Minimum: 0, Maximum: 1),
    ];

    private static readonly SchedulerDescriptor Descriptor = new(
        "tcd", "1.0.0", ["TCD", "TCDScheduler"], OptionSpecs);

    public TcdSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        var timesteps = DistillationTimesteps.Compute(
            "tcd", settings.NumTrainTimesteps, options.GetInt32("original_inference_steps"), inferenceSteps, firstStep);
        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        return new TcdScheduler(timesteps, alphasCumprod, options.GetString("prediction_type"), options.GetDouble("eta"));
    }
}
