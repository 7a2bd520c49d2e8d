namespace AssetForge.Schedulers.UniPc;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>The UniPC options read at each step.</summary>
internal sealed record UniPcSettings(
    int SolverOrder,
    string PredictionType,
    bool Bh1,
    bool LowerOrderFinal,
    bool Thresholding,
    float DynamicThresholdingRatio,
    float SampleMaxValue)
{
    public static UniPcSettings From(SchedulerConfig resolved)
    {
        var options = new OptionReader(resolved);
        return new UniPcSettings(
            options.GetInt32("solver_order"),
            options.GetString("prediction_type"),
            options.GetString("solver_type") == "bh1",
            options.GetBoolean("lower_order_final"),
            options.GetBoolean("thresholding"),
            (float)options.GetDouble("dynamic_thresholding_ratio"),
            (float)options.GetDouble("sample_max_value"));
    }
}
