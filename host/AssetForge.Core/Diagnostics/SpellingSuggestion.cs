namespace AssetForge.Core.Diagnostics;

/// <summary>
/// "Did you mean" suggestions: the closest candidate by <see cref="EditDistance"/>, offered only
/// when it is close enough that the suggestion is likely right (a wrong guess is worse than none).
/// </summary>
public static class SpellingSuggestion
{
    /// <summary>
    /// The candidate closest to <paramref name="input"/>, or null when none is close. Close means
    /// at most 1 edit for names up to 4 characters, 2 up to 8, 3 beyond, and fewer edits than the
    /// candidate has characters. Ties go to the candidate listed first.
    /// </summary>
    /// <param name="input">What the user wrote.</param>
    /// <param name="candidates">The valid names.</param>
    /// <param name="ignoreCase">Compare case-insensitively (scheduler names, RNG kinds).</param>
    public static string? Closest(string input, IEnumerable<string> candidates, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(candidates);
        var limit = input.Length <= 4 ? 1 : input.Length <= 8 ? 2 : 3;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            // A length difference beyond the limit cannot be within it: skip the DP.
            if (Math.Abs(candidate.Length - input.Length) > limit)
            {
                continue;
            }

            var distance = EditDistance.Between(input, candidate, ignoreCase);
            if (distance <= limit && distance < candidate.Length && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>" Did you mean 'x'?" for a message, or an empty string when nothing is close.</summary>
    public static string DidYouMean(string input, IEnumerable<string> candidates, bool ignoreCase = false) =>
        Closest(input, candidates, ignoreCase) is { } suggestion ? $" Did you mean '{suggestion}'?" : string.Empty;
}
