namespace AssetForge.Schedulers.Euler;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// <c>euler</c>: diffusers' <c>EulerDiscreteScheduler</c> (the "Euler" of A1111 and ComfyUI),
/// with its options and defaults.
/// </summary>
public sealed class EulerDiscreteSchedulerFactory : ISchedulerFactory
{
    private static readonly OptionSpec[] OptionSpecs =
    [
        .. BetaScheduleSettings.Options,
        CommonOptions.PredictionType,
        new(CommonOptions.Option("interpolation_type", SchedulerOptionKind.String, "\"linear\"",
            "How inference sigmas are taken from the training sigmas.", "linear", "log_linear")),
        new(CommonOptions.Option("use_karras_sigmas", SchedulerOptionKind.Boolean, "false",
            "Use Karras et al.'s noise levels instead of the training sigmas at the spaced timesteps.")),
        new(CommonOptions.Option("sigma_min", SchedulerOptionKind.Number, "null",
            "Smallest Karras sigma; null for the schedule's own."), Minimum: 0, Nullable: true),
        new(CommonOptions.Option("sigma_max", SchedulerOptionKind.Number, "null",
            "Largest Karras sigma; null for the schedule's own."), Minimum: 0, Nullable: true),
        CommonOptions.TimestepSpacing(TimestepSpacing.Linspace),
        CommonOptions.StepsOffset,
        new(CommonOptions.Option("final_sigmas_type", SchedulerOptionKind.String, "\"zero\"",
            "The sigma after the last step.", "zero", "sigma_min")),
    ];

    private readonly SchedulerConfigResolver _resolver = new("euler", OptionSpecs);

    public string Id => "euler";

    public string Version => "1.0.0";

    public IReadOnlyList<string> Aliases { get; } = ["k_euler", "Euler", "euler_discrete", "EulerDiscreteScheduler"];

    public IReadOnlyList<SchedulerOption> Options => _resolver.PublicOptions;

    public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides) => _resolver.Resolve(modelConfig, overrides);

    public IScheduler Create(SchedulerConfig resolved, int inferenceSteps, double strength = 1.0)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var firstStep = InferenceWindow.FirstStep(inferenceSteps, strength);
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        var spacing = options.GetString("timestep_spacing");

        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        if (settings.RescaleBetasZeroSnr)
        {
            // A zero terminal alpha_bar would make the last sigma infinite; diffusers uses 2^-24.
            alphasCumprod[^1] = 1f / (1 << 24);
        }

        var trainingSigmas = SigmaSchedule.TrainingSigmas(alphasCumprod);
        var spaced = TimestepSpacing.Compute(spacing, settings.NumTrainTimesteps, inferenceSteps, options.GetInt32("steps_offset"), roundLinspace: false);
        var timesteps = new float[spaced.Length];
        for (var i = 0; i < timesteps.Length; i++)
        {
            timesteps[i] = (float)spaced[i];
        }

        var sigmas = options.GetString("interpolation_type") == "log_linear"
            ? SigmaSchedule.LogLinear(trainingSigmas, inferenceSteps + 1)
            : SigmaSchedule.AtTimesteps(timesteps, trainingSigmas);

        if (options.GetBoolean("use_karras_sigmas"))
        {
            var sigmaMin = options.GetDoubleOrNull("sigma_min") ?? sigmas[^1];
            var sigmaMax = options.GetDoubleOrNull("sigma_max") ?? sigmas[0];
            sigmas = SigmaSchedule.Karras(sigmaMin, sigmaMax, inferenceSteps);
            var logSigmas = SigmaSchedule.Log(trainingSigmas);
            timesteps = new float[sigmas.Length];
            for (var i = 0; i < timesteps.Length; i++)
            {
                timesteps[i] = (float)SigmaSchedule.ToTimestep(sigmas[i], logSigmas);
            }
        }

        var finalSigma = options.GetString("final_sigmas_type") == "sigma_min"
            ? MathF.Sqrt((1f - alphasCumprod[0]) / alphasCumprod[0])
            : 0f;
        var storedSigmas = new float[sigmas.Length + 1];
        var maxSigma = float.MinValue;
        for (var i = 0; i < sigmas.Length; i++)
        {
            storedSigmas[i] = (float)sigmas[i];
        }

        storedSigmas[^1] = finalSigma;
        foreach (var sigma in storedSigmas)
        {
            maxSigma = Math.Max(maxSigma, sigma);
        }

        // With leading spacing the first timestep is below the last training step, so diffusers
        // scales the initial noise as for a variance-preserving sample.
        var initNoiseSigma = spacing is TimestepSpacing.Linspace or TimestepSpacing.Trailing
            ? maxSigma
            : MathF.Sqrt((maxSigma * maxSigma) + 1f);

        return new EulerDiscreteScheduler(timesteps[firstStep..], storedSigmas, firstStep, initNoiseSigma, options.GetString("prediction_type"));
    }
}
