namespace AssetForge.Schedulers.Schedules;

using System.Numerics.Tensors;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// How the DDPM-family schedulers bound their predicted clean sample x0: Imagen's dynamic
/// thresholding when <c>thresholding</c> is on, else a clamp to ±<c>clip_sample_range</c> when
/// <c>clip_sample</c> is on, as diffusers' <c>DDIMScheduler</c>, <c>DDPMScheduler</c> and
/// <c>LCMScheduler</c> do.
/// </summary>
internal sealed record CleanSampleBounds(
    bool ClipSample,
    float ClipSampleRange,
    bool Thresholding,
    float DynamicThresholdingRatio,
    float SampleMaxValue)
{
    public static CleanSampleBounds From(OptionReader options) => new(
        options.GetBoolean("clip_sample"),
        (float)options.GetDouble("clip_sample_range"),
        options.GetBoolean("thresholding"),
        (float)options.GetDouble("dynamic_thresholding_ratio"),
        (float)options.GetDouble("sample_max_value"));

    /// <summary>Bounds <paramref name="x0"/> in place; <paramref name="scratch"/> is at least as long.</summary>
    public void Apply(Span<float> x0, Span<float> scratch)
    {
        if (Thresholding)
        {
            DynamicThresholding.Apply(x0, scratch, DynamicThresholdingRatio, SampleMaxValue);
        }
        else if (ClipSample)
        {
            TensorPrimitives.Max(x0, -ClipSampleRange, x0);
            TensorPrimitives.Min(x0, ClipSampleRange, x0);
        }
    }
}
