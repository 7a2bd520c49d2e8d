namespace AssetForge.Onnx.Lora;

/// <summary>The candidate with the smallest edit distance to a name, for "did you mean" hints.</summary>
internal static class ClosestName
{
    public static string? Find(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var row = new int[name.Length + 1];
        foreach (var candidate in candidates)
        {
            var distance = Distance(name, candidate, row);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // A hint further than half the name away would mislead rather than help.
        return bestDistance <= Math.Max(3, name.Length / 2) ? best : null;
    }

    private static int Distance(string a, string b, int[] row)
    {
        for (var i = 0; i <= a.Length; i++)
        {
            row[i] = i;
        }

        for (var j = 1; j <= b.Length; j++)
        {
            var diagonal = row[0];
            row[0] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                var above = row[i];
                row[i] = Math.Min(Math.Min(row[i] + 1, row[i - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[a.Length];
    }
}
