namespace AssetForge.Core.Specs;

/// <summary>
/// A glob over project-relative paths with forward slashes: <c>*</c> matches within one segment,
/// <c>?</c> one character, <c>**</c> (a whole segment) any number of segments. Matching ignores
/// case so that a project selects the same files on Windows, macOS and Linux. No regex: a glob is
/// split once and matched segment by segment.
/// </summary>
public sealed class SpecGlob
{
    private readonly string[] _segments;

    private SpecGlob(string pattern, string[] segments)
    {
        Pattern = pattern;
        _segments = segments;
    }

    /// <summary>The pattern as written (backslashes turned into slashes).</summary>
    public string Pattern { get; }

    /// <summary>Parses a glob; returns null with a reason when it is empty, absolute or climbs out with <c>..</c>.</summary>
    public static SpecGlob? TryParse(string pattern, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        error = null;
        var normalized = pattern.Trim().Replace('\\', '/');
        if (normalized.Length == 0)
        {
            error = "is empty";
            return null;
        }

        if (normalized.StartsWith('/') || (normalized.Length >= 2 && normalized[1] == ':'))
        {
            error = "is absolute; spec globs are relative to the project folder";
            return null;
        }

        var parts = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (part == "..")
            {
                error = "contains '..'; spec files must be inside the project folder";
                return null;
            }

            if (part != ".")
            {
                segments.Add(part);
            }
        }

        if (segments.Count == 0)
        {
            error = "matches no file";
            return null;
        }

        return new SpecGlob(string.Join('/', segments), [.. segments]);
    }

    /// <summary>Whether <paramref name="relativePath"/> (forward slashes) matches.</summary>
    public bool IsMatch(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = relativePath.Split('/');
        return MatchSegments(0, path, 0);
    }

    private bool MatchSegments(int patternIndex, string[] path, int pathIndex)
    {
        while (patternIndex < _segments.Length)
        {
            var segment = _segments[patternIndex];
            if (segment == "**")
            {
                // '**' takes zero or more whole segments; try each split.
                for (var skip = pathIndex; skip <= path.Length; skip++)
                {
                    if (MatchSegments(patternIndex + 1, path, skip))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (pathIndex >= path.Length || !MatchSegment(segment, path[pathIndex]))
            {
                return false;
            }

            patternIndex++;
            pathIndex++;
        }

        return pathIndex == path.Length;
    }

    // Classic wildcard matching with one backtrack point for the last '*'.
    private static bool MatchSegment(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
