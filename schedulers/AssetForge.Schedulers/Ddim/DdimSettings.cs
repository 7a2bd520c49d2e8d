namespace AssetForge.Schedulers.Ddim;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>The DDIM options read at each step.</summary>
internal sealed record DdimSettings(
    string PredictionType,
    bool ClipSample,
    float ClipSampleRange,
    bool Thresholding,
    float DynamicThresholdingRatio,
    float SampleMaxValue,
    double Eta)
{
    public static DdimSettings From(SchedulerConfig resolved)
    {
        var options = new OptionReader(resolved);
        return new DdimSettings(
            options.GetString("prediction_type"),
            options.GetBoolean("clip_sample"),
            (float)options.GetDouble("clip_sample_range"),
            options.GetBoolean("thresholding"),
            (float)options.GetDouble("dynamic_thresholding_ratio"),
            (float)options.GetDouble("sample_max_value"),
            options.GetDouble("eta"));
    }
}
