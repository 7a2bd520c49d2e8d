namespace AssetForge.Schedulers.Ddim;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.Schedules;

/// <summary>The DDIM options read at each step.</summary>
internal sealed record DdimSettings(string PredictionType, CleanSampleBounds Bounds, double Eta)
{
    public static DdimSettings From(SchedulerConfig resolved)
    {
        var options = new OptionReader(resolved);
        return new DdimSettings(options.GetString("prediction_type"), CleanSampleBounds.From(options), options.GetDouble("eta"));
    }
}
