namespace AssetForge.Schedulers.Schedules;

using System.Numerics.Tensors;

/// <summary>
/// Imagen's dynamic thresholding (Saharia et al. 2022) of a predicted clean sample, as diffusers
/// applies it per image: clamp to the ratio-quantile s of |x0| (s clamped to [1, max]) and divide
/// by s, with torch.quantile's linear interpolation between order statistics.
/// </summary>
internal static class DynamicThresholding
{
    /// <param name="x0">The predicted clean sample, thresholded in place.</param>
    /// <param name="scratch">A buffer of the same length (overwritten).</param>
    /// <param name="ratio">The quantile of |x0| used as the threshold.</param>
    /// <param name="maxValue">The largest threshold.</param>
    public static void Apply(Span<float> x0, Span<float> scratch, float ratio, float maxValue)
    {
        var sorted = scratch[..x0.Length];
        TensorPrimitives.Abs(x0, sorted);
        sorted.Sort();
        var rank = ratio * (sorted.Length - 1);
        var below = (int)rank;
        var above = (int)MathF.Ceiling(rank);
        var weight = rank - below;
        var low = sorted[below];
        var high = sorted[above];
        var quantile = weight < 0.5f ? low + (weight * (high - low)) : high - ((high - low) * (1f - weight));
        var s = Math.Min(Math.Max(quantile, 1f), maxValue);
        TensorPrimitives.Max(x0, -s, x0);
        TensorPrimitives.Min(x0, s, x0);
        TensorPrimitives.Divide(x0, s, x0);
    }
}
