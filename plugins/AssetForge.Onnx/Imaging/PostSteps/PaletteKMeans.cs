namespace AssetForge.Onnx.Imaging.PostSteps;

/// <summary>
/// A palette of at most k colours for <c>pixelate</c>'s <c>palette: auto:K</c>: k-means in Oklab,
/// seeded k-means++ with a fixed seed (so every run picks the same palette), and each final centre
/// replaced by the input colour nearest to it, so the palette holds only colours the image has.
/// </summary>
internal static class PaletteKMeans
{
    private const int MaxIterations = 64;
    private const ulong Seed = 0x5EED_0F_A55E7F09;

    /// <summary>Chooses the palette from <paramref name="colors"/> (packed 0xRRGGBB, one per opaque cell).</summary>
    public static int[] Choose(ReadOnlySpan<int> colors, int k, CancellationToken cancellationToken)
    {
        // Distinct colours in ascending order: the result depends on the set and counts, not on scan order quirks.
        var sorted = colors.ToArray();
        Array.Sort(sorted);
        var distinct = new List<int>();
        var weights = new List<int>();
        foreach (var c in sorted)
        {
            if (distinct.Count > 0 && distinct[^1] == c)
            {
                weights[^1]++;
            }
            else
            {
                distinct.Add(c);
                weights.Add(1);
            }
        }

        if (distinct.Count <= k)
        {
            return [.. distinct];
        }

        var n = distinct.Count;
        var lab = new float[n * 3];
        for (var i = 0; i < n; i++)
        {
            Oklab.FromSrgb((byte)(distinct[i] >> 16), (byte)(distinct[i] >> 8), (byte)distinct[i], lab.AsSpan(i * 3, 3));
        }

        var centres = InitialCentres(lab, weights, n, k);
        var assignment = new int[n];
        Array.Fill(assignment, -1);
        var sums = new double[k * 3];
        var totals = new double[k];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changed = false;
            for (var i = 0; i < n; i++)
            {
                var nearest = Nearest(centres, k, lab.AsSpan(i * 3, 3));
                changed |= nearest != assignment[i];
                assignment[i] = nearest;
            }

            if (!changed)
            {
                break;
            }

            Array.Clear(sums);
            Array.Clear(totals);
            for (var i = 0; i < n; i++)
            {
                var c = assignment[i];
                for (var d = 0; d < 3; d++)
                {
                    sums[(c * 3) + d] += (double)lab[(i * 3) + d] * weights[i];
                }

                totals[c] += weights[i];
            }

            for (var c = 0; c < k; c++)
            {
                if (totals[c] > 0)
                {
                    for (var d = 0; d < 3; d++)
                    {
                        centres[(c * 3) + d] = (float)(sums[(c * 3) + d] / totals[c]);
                    }
                }
            }
        }

        var palette = new List<int>(k);
        for (var c = 0; c < k; c++)
        {
            var best = -1;
            var bestDistance = float.MaxValue;
            for (var i = 0; i < n; i++)
            {
                var distance = Oklab.DistanceSquared(lab.AsSpan(i * 3, 3), centres.AsSpan(c * 3, 3));
                if (distance < bestDistance)
                {
                    (best, bestDistance) = (i, distance);
                }
            }

            if (!palette.Contains(distinct[best]))
            {
                palette.Add(distinct[best]);
            }
        }

        palette.Sort();
        return [.. palette];
    }

    // k-means++: each next centre drawn with probability proportional to weight × squared distance to the nearest chosen one.
    private static float[] InitialCentres(float[] lab, List<int> weights, int n, int k)
    {
        var random = new SplitMix64(Seed);
        var centres = new float[k * 3];
        var nearest = new double[n];
        Array.Fill(nearest, double.MaxValue);
        var first = Draw(random, weights, null, n);
        lab.AsSpan(first * 3, 3).CopyTo(centres);
        for (var c = 1; c < k; c++)
        {
            for (var i = 0; i < n; i++)
            {
                nearest[i] = Math.Min(nearest[i], Oklab.DistanceSquared(lab.AsSpan(i * 3, 3), centres.AsSpan((c - 1) * 3, 3)));
            }

            var next = Draw(random, weights, nearest, n);
            lab.AsSpan(next * 3, 3).CopyTo(centres.AsSpan(c * 3, 3));
        }

        return centres;
    }

    private static int Draw(SplitMix64 random, List<int> weights, double[]? distances, int n)
    {
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            total += weights[i] * (distances?[i] ?? 1);
        }

        var target = random.NextDouble() * total;
        for (var i = 0; i < n; i++)
        {
            target -= weights[i] * (distances?[i] ?? 1);
            if (target < 0)
            {
                return i;
            }
        }

        return n - 1;
    }

    private static int Nearest(float[] centres, int k, ReadOnlySpan<float> point)
    {
        var best = 0;
        var bestDistance = float.MaxValue;
        for (var c = 0; c < k; c++)
        {
            var distance = Oklab.DistanceSquared(point, centres.AsSpan(c * 3, 3));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (c, distance);
            }
        }

        return best;
    }

    /// <summary>Sebastiano Vigna's SplitMix64: tiny, fast and fully specified, so the seed fixes the draw on every platform.</summary>
    private sealed class SplitMix64(ulong state)
    {
        private ulong _state = state;

        public double NextDouble()
        {
            var z = _state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
