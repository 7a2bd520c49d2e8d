namespace AssetForge.Schedulers.Tests.Parity;

/// <summary>Element-wise relative comparison with a floor, so values near zero are not judged by
/// a relative error they cannot have.</summary>
internal static class Comparison
{
    /// <summary>The largest |actual - expected| / max(|expected|, floor), floor = 1e-3 · max|expected|.</summary>
    public static double MaxRelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), "length");
        double scale = 0;
        foreach (var value in expected)
        {
            scale = Math.Max(scale, Math.Abs(value));
        }

        var floor = Math.Max(1e-3 * scale, 1e-12);
        double worst = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var error = Math.Abs((double)actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), floor);
            worst = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(worst, error);
        }

        return worst;
    }
}
