namespace AssetForge.Schedulers.KDpm2;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// The base schedule of diffusers' KDPM2 schedulers before interleaving: float32 timesteps spaced
/// as the Euler family does (rounded Karras timesteps with <c>use_karras_sigmas</c>), the training
/// sigmas at them (or Karras sigmas between the first and last of those), and a final zero.
/// </summary>
/// <param name="Timesteps">One timestep per inference step.</param>
/// <param name="Sigmas">One sigma per inference step, then 0.</param>
/// <param name="LogTrainingSigmas">Natural logs of the training sigmas, for sigma-to-timestep.</param>
/// <param name="Leading">Whether the spacing is leading (which changes the initial noise sigma).</param>
internal sealed record KDpm2Schedule(float[] Timesteps, float[] Sigmas, float[] LogTrainingSigmas, bool Leading)
{
    /// <summary>The options both KDPM2 schedulers read.</summary>
    public static IReadOnlyList<OptionSpec> Options { get; } =
    [
        .. BetaScheduleSettings.OptionsWith("0.00085", "0.012", rescaleBetasZeroSnr: false),
        CommonOptions.UseKarrasSigmas,
        new(CommonOptions.Option("prediction_type", SchedulerOptionKind.String, "\"epsilon\"", "What the model predicts.",
            "epsilon", "v_prediction")),
        CommonOptions.TimestepSpacing(TimestepSpacing.Linspace),
        CommonOptions.StepsOffset,
    ];

    public static KDpm2Schedule Build(SchedulerConfig resolved, int inferenceSteps)
    {
        var settings = BetaScheduleSettings.From(resolved);
        var options = new OptionReader(resolved);
        var spacing = options.GetString("timestep_spacing");
        var alphasCumprod = TrainingSchedule.AlphasCumprod(TrainingSchedule.Betas(settings));
        var trainingSigmas = SigmaSchedule.TrainingSigmas(alphasCumprod);
        var logSigmas = SigmaSchedule.Log(trainingSigmas);
        var spaced = TimestepSpacing.Compute(spacing, settings.NumTrainTimesteps, inferenceSteps, options.GetInt32("steps_offset"), roundLinspace: false);
        var timesteps = new float[spaced.Length];
        for (var i = 0; i < timesteps.Length; i++)
        {
            timesteps[i] = (float)spaced[i];
        }

        var sigmas = SigmaSchedule.AtTimesteps(timesteps, trainingSigmas);
        if (options.GetBoolean("use_karras_sigmas"))
        {
            sigmas = SigmaSchedule.Karras(sigmas[^1], sigmas[0], inferenceSteps);
            timesteps = new float[sigmas.Length];
            for (var i = 0; i < timesteps.Length; i++)
            {
                timesteps[i] = (float)NumpyRanges.Round(SigmaSchedule.ToTimestep(sigmas[i], logSigmas));
            }
        }

        var stored = new float[sigmas.Length + 1];
        for (var i = 0; i < sigmas.Length; i++)
        {
            stored[i] = (float)sigmas[i];
        }

        return new KDpm2Schedule(timesteps, stored, logSigmas, spacing == TimestepSpacing.Leading);
    }

    /// <summary>The initial noise sigma: the largest sigma, as a variance-preserving scale with leading spacing.</summary>
    public float InitNoiseSigma
    {
        get
        {
            var max = 0f;
            foreach (var sigma in Sigmas)
            {
                max = Math.Max(max, sigma);
            }

            return Leading ? MathF.Sqrt((max * max) + 1f) : max;
        }
    }

    /// <summary>torch's <c>exp(lerp(log a, log b, 0.5))</c> in float32: the geometric midpoint.</summary>
    public static float LogMidpoint(float a, float b)
    {
        var start = MathF.Log(a);
        var end = MathF.Log(b);

        // torch.lerp with weight 0.5 takes its "end - (end - start)(1 - w)" branch.
        return MathF.Exp(end - ((end - start) * 0.5f));
    }

    /// <summary>The (fractional) training timestep of a sigma, as diffusers' _sigma_to_t.</summary>
    public float TimestepOf(float sigma) => (float)SigmaSchedule.ToTimestep(sigma, LogTrainingSigmas);
}
