namespace AssetForge.Schedulers.Ddpm;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>The DDPM options read at each step.</summary>
internal sealed record DdpmSettings(
    string PredictionType,
    string VarianceType,
    bool ClipSample,
    float ClipSampleRange,
    bool Thresholding,
    float DynamicThresholdingRatio,
    float SampleMaxValue)
{
    public static DdpmSettings From(SchedulerConfig resolved)
    {
        var options = new OptionReader(resolved);
        return new DdpmSettings(
            options.GetString("prediction_type"),
            options.GetString("variance_type"),
            options.GetBoolean("clip_sample"),
            (float)options.GetDouble("clip_sample_range"),
            options.GetBoolean("thresholding"),
            (float)options.GetDouble("dynamic_thresholding_ratio"),
            (float)options.GetDouble("sample_max_value"));
    }
}
