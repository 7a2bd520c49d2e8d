namespace AssetForge.Schedulers.Schedules;

/// <summary>
/// numpy's <c>linspace</c>, <c>arange</c> and <c>round</c> for doubles, reproduced with their
/// rounding quirks: diffusers builds its inference timesteps with them, and the quirks show
/// (e.g. <c>np.arange(1000, 0, -1000/61)</c> has 62 elements, so trailing spacing with 61 steps
/// yields 62 timesteps).
/// </summary>
internal static class NumpyRanges
{
    /// <summary><c>np.linspace(start, stop, num)</c> (endpoint included).</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var result = new double[num];
        if (num == 1)
        {
            result[0] = start;
            return result;
        }

        var step = (stop - start) / (num - 1);
        for (var i = 0; i < num; i++)
        {
            result[i] = (i * step) + start;
        }

        result[^1] = stop;
        return result;
    }

    /// <summary><c>np.arange(start, stop, step)</c> for doubles.</summary>
    public static double[] Arange(double start, double stop, double step)
    {
        var length = (int)Math.Max(0, Math.Ceiling((stop - start) / step));
        var result = new double[length];
        if (length == 0)
        {
            return result;
        }

        // numpy stores the first two values, then fills start + i*delta with delta taken from them.
        result[0] = start;
        if (length > 1)
        {
            result[1] = start + step;
            var delta = result[1] - result[0];
            for (var i = 2; i < length; i++)
            {
                result[i] = start + (i * delta);
            }
        }

        return result;
    }

    /// <summary><c>np.round</c>: to nearest, ties to even.</summary>
    public static double Round(double value) => Math.Round(value, MidpointRounding.ToEven);

    /// <summary><c>np.interp(x, arange(len(fp)), fp)</c>: piecewise-linear, clamped at both ends.</summary>
    public static double Interp(double x, ReadOnlySpan<float> fp)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x <= 0)
        {
            return fp[0];
        }

        var last = fp.Length - 1;
        if (x >= last)
        {
            return fp[last];
        }

        var j = (int)Math.Floor(x);
        if (x == j)
        {
            return fp[j];
        }

        var slope = ((double)fp[j + 1] - fp[j]) / 1.0;
        return (slope * (x - j)) + fp[j];
    }
}
