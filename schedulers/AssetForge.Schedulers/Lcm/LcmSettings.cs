namespace AssetForge.Schedulers.Lcm;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>The LCM options read at each step.</summary>
internal sealed record LcmSettings(
    string PredictionType,
    bool ClipSample,
    float ClipSampleRange,
    bool Thresholding,
    float DynamicThresholdingRatio,
    float SampleMaxValue,
    float TimestepScaling)
{
    public static LcmSettings From(SchedulerConfig resolved)
    {
        var options = new OptionReader(resolved);
        return new LcmSettings(
            options.GetString("prediction_type"),
            options.GetBoolean("clip_sample"),
            (float)options.GetDouble("clip_sample_range"),
            options.GetBoolean("thresholding"),
            (float)options.GetDouble("dynamic_thresholding_ratio"),
            (float)options.GetDouble("sample_max_value"),
            (float)options.GetDouble("timestep_scaling"));
    }
}
