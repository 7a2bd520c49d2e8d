namespace AssetForge.Schedulers.Schedules;

/// <summary>
/// How inference timesteps are spread over the training steps (Lin et al. 2023, table 2), as
/// diffusers computes them: descending, as doubles before the caller's rounding or casting.
/// </summary>
internal static class TimestepSpacing
{
    /// <summary>The values of <c>timestep_spacing</c>.</summary>
    public const string Leading = "leading";

    /// <inheritdoc cref="Leading"/>
    public const string Trailing = "trailing";

    /// <inheritdoc cref="Leading"/>
    public const string Linspace = "linspace";

    /// <summary>
    /// The timesteps, descending. <paramref name="roundLinspace"/>: DDIM-style schedulers round
    /// linspace values to integers; the sigma schedulers keep them fractional.
    /// </summary>
    public static double[] Compute(string spacing, int trainTimesteps, int inferenceSteps, int stepsOffset, bool roundLinspace)
    {
        switch (spacing)
        {
            case Linspace:
            {
                var values = NumpyRanges.Linspace(0, trainTimesteps - 1, inferenceSteps);
                Array.Reverse(values);
                if (roundLinspace)
                {
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = NumpyRanges.Round(values[i]);
                    }
                }

                return values;
            }

            case Leading:
            {
                var ratio = trainTimesteps / inferenceSteps;
                var values = new double[inferenceSteps];
                for (var i = 0; i < inferenceSteps; i++)
                {
                    values[i] = ((double)(inferenceSteps - 1 - i) * ratio) + stepsOffset;
                }

                return values;
            }

            case Trailing:
            {
                var values = NumpyRanges.Arange(trainTimesteps, 0, -((double)trainTimesteps / inferenceSteps));
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = NumpyRanges.Round(values[i]) - 1;
                }

                return values;
            }

            default:
                throw new ArgumentException($"Unknown timestep spacing '{spacing}'.", nameof(spacing));
        }
    }
}
