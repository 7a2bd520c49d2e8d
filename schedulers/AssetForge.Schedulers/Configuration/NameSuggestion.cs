namespace AssetForge.Schedulers.Configuration;

/// <summary>Finds the closest known name to a misspelt one, for "did you mean" messages.</summary>
internal static class NameSuggestion
{
    /// <summary>The closest candidate, or <c>null</c> when none is close enough to be a plausible typo.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // A third of the longer name, at least 2 edits: catches typos and case/underscore slips
        // without suggesting unrelated names.
        return best is not null && bestDistance <= Math.Max(2, Math.Max(typed.Length, best.Length) / 3) ? best : null;
    }

    /// <summary>Formats " Did you mean 'x'?" or an empty string.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates) =>
        Closest(typed, candidates) is { } match ? $" Did you mean '{match}'?" : string.Empty;

    private static int Distance(string a, string b)
    {
        // Optimal string alignment distance (Levenshtein plus adjacent transpositions).
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
