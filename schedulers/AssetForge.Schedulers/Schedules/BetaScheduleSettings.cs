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
            reader.GetBoolean("rescale_betas_zero_snr"));
        if (settings.TrainedBetas is { } betas && betas.Length != settings.NumTrainTimesteps)
        {
            throw new SchedulerConfigException(
                "trained_betas",
                $"trained_betas has {betas.Length} values but num_train_timesteps is {settings.NumTrainTimesteps}; give one beta per training step.");
        }

        return settings;
    }
}
