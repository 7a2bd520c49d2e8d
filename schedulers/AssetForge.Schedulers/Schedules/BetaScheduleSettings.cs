namespace AssetForge.Schedulers.Schedules;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>The options that define a model's training noise schedule.</summary>
internal sealed record BetaScheduleSettings(
    int NumTrainTimesteps,
    double BetaStart,
    double BetaEnd,
    string BetaSchedule,
    double[]? TrainedBetas,
    bool RescaleBetasZeroSnr)
{
    /// <summary>The option descriptions these settings read.</summary>
    public static IReadOnlyList<OptionSpec> Options { get; } =
    [
        CommonOptions.NumTrainTimesteps,
        CommonOptions.BetaStart,
        CommonOptions.BetaEnd,
        CommonOptions.BetaSchedule,
        CommonOptions.TrainedBetas,
        CommonOptions.RescaleBetasZeroSnr,
    ];

    /// <summary>
    /// The options of a scheduler whose diffusers class has other beta defaults (Heun and the
    /// KDPM2 family default to 0.00085..0.012) or no <c>rescale_betas_zero_snr</c>.
    /// </summary>
    public static IReadOnlyList<OptionSpec> OptionsWith(string betaStart, string betaEnd, bool rescaleBetasZeroSnr)
    {
        var options = new List<OptionSpec>
        {
            CommonOptions.NumTrainTimesteps,
            CommonOptions.BetaStart with { Option = CommonOptions.BetaStart.Option with { DefaultValue = betaStart } },
            CommonOptions.BetaEnd with { Option = CommonOptions.BetaEnd.Option with { DefaultValue = betaEnd } },
            CommonOptions.BetaSchedule,
            CommonOptions.TrainedBetas,
        };
        if (rescaleBetasZeroSnr)
        {
            options.Add(CommonOptions.RescaleBetasZeroSnr);
        }

        return options;
    }

    /// <summary>Reads the settings from a resolved config and checks they agree with each other.</summary>
    public static BetaScheduleSettings From(SchedulerConfig resolved)
    {
        var reader = new OptionReader(resolved);
        var settings = new BetaScheduleSettings(
            reader.GetInt32("num_train_timesteps"),
            reader.GetDouble("beta_start"),
            reader.GetDouble("beta_end"),
            reader.GetString("beta_schedule"),
            reader.GetDoubleListOrNull("trained_betas"),
            resolved.TryGetValue("rescale_betas_zero_snr", out var rescale) && rescale.GetBoolean());
        if (settings.TrainedBetas is { } betas && betas.Length != settings.NumTrainTimesteps)
        {
            throw new SchedulerConfigException(
                "trained_betas",
                $"trained_betas has {betas.Length} values but num_train_timesteps is {settings.NumTrainTimesteps}; give one beta per training step.");
        }

        return settings;
    }
}
