namespace AssetForge.Schedulers.Lcm;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>The LCM options read at each step.</summary>
internal sealed record LcmSettings(string PredictionType, CleanSampleBounds Bounds, float TimestepScaling)
{
    public static LcmSettings From(SchedulerConfig resolved)
    {
        var options = new OptionReader(resolved);
        return new LcmSettings(options.GetString("prediction_type"), CleanSampleBounds.From(options), (float)options.GetDouble("timestep_scaling"));
    }
}
