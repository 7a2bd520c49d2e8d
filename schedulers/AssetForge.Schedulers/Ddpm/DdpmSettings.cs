namespace AssetForge.Schedulers.Ddpm;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>The DDPM options read at each step.</summary>
internal sealed record DdpmSettings(string PredictionType, string VarianceType, CleanSampleBounds Bounds)
{
    public static DdpmSettings From(SchedulerConfig resolved)
    {
        var options = new OptionReader(resolved);
        return new DdpmSettings(options.GetString("prediction_type"), options.GetString("variance_type"), CleanSampleBounds.From(options));
    }
}
