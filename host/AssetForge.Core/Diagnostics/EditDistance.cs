namespace AssetForge.Core.Diagnostics;

/// <summary>
/// Damerau–Levenshtein distance in its "optimal string alignment" form: insertions, deletions,
/// substitutions and transpositions of two adjacent characters each cost 1 (so <c>promt</c> is 1
/// from <c>prompt</c> and <c>sd51</c> is 1 from <c>sd15</c>). That is the kind of typo people make
/// in a key or a name; the restricted form is enough and needs only three rows.
/// </summary>
public static class EditDistance
{
    /// <summary>The distance between <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <param name="a">One string.</param>
    /// <param name="b">The other string.</param>
    /// <param name="ignoreCase">Compare characters case-insensitively (invariant).</param>
    public static int Between(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool ignoreCase = false)
    {
        if (a.Length == 0)
        {
            return b.Length;
        }

        if (b.Length == 0)
        {
            return a.Length;
        }

        // Three rolling rows: i-2 (for transpositions), i-1 and i. Names are short; stackalloc
        // keeps the call allocation-free, with a heap fallback for pathological lengths.
        var width = b.Length + 1;
        Span<int> buffer = width * 3 <= 768 ? stackalloc int[width * 3] : new int[width * 3];
        var twoBack = buffer[..width];
        var previous = buffer.Slice(width, width);
        var current = buffer.Slice(2 * width, width);
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var ca = Fold(a[i - 1], ignoreCase);
            for (var j = 1; j < width; j++)
            {
                var cb = Fold(b[j - 1], ignoreCase);
                var cost = ca == cb ? 0 : 1;
                var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && ca == Fold(b[j - 2], ignoreCase) && Fold(a[i - 2], ignoreCase) == cb)
                {
                    best = Math.Min(best, twoBack[j - 2] + 1);
                }

                current[j] = best;
            }

            // Rotate the rows without copying.
            var recycled = twoBack;
            twoBack = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
    }

    private static char Fold(char c, bool ignoreCase) => ignoreCase ? char.ToLowerInvariant(c) : c;
}
