namespace AssetForge.Core.Specs;

using AssetForge.Core.Diagnostics;

/// <summary>
/// Normalises and checks an asset's output path: relative to the output root, forward slashes
/// (backslashes are taken as separators, so a spec written on Windows means the same on Linux),
/// no <c>.</c> or empty segments, never escaping the root, and portable to every file system a
/// team builds on (no characters or names that Windows refuses).
/// </summary>
internal static class OutputPath
{
    private static readonly string[] ReservedNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>Normalises <paramref name="raw"/>; on failure returns false with a code and a message.</summary>
    public static bool TryNormalize(string raw, out string normalized, out string code, out string message) =>
        TryNormalize(raw, allowEncodedFormats: false, out normalized, out code, out message);

    /// <summary>As <see cref="TryNormalize(string, out string, out string, out string)"/>; with <paramref name="allowEncodedFormats"/>, .webp, .jpg and .jpeg are accepted too (an asset whose post steps end in a format step).</summary>
    public static bool TryNormalize(string raw, bool allowEncodedFormats, out string normalized, out string code, out string message)
    {
        normalized = string.Empty;
        code = string.Empty;
        message = string.Empty;
        var path = raw.Replace('\\', '/');
        if (path.StartsWith('/'))
        {
            return Fail(DiagnosticCodes.OutputEscapesRoot, "is an absolute path; outputs are relative to the output root (remove the leading '/').", out code, out message);
        }

        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
        {
            return Fail(DiagnosticCodes.OutputEscapesRoot, "starts with a drive letter; outputs are relative to the output root.", out code, out message);
        }

        var canonical = true;
        var segments = 0;
        var start = 0;
        while (start <= path.Length)
        {
            var end = path.IndexOf('/', start);
            if (end < 0)
            {
                end = path.Length;
            }

            var segment = path.AsSpan(start, end - start);
            if (segment.Length == 0 || segment is ".")
            {
                canonical = false;
            }
            else if (segment is "..")
            {
                return Fail(DiagnosticCodes.OutputEscapesRoot, "contains '..'; outputs must stay inside the output root.", out code, out message);
            }
            else
            {
                if (!CheckSegment(segment, out code, out message))
                {
                    return false;
                }

                segments++;
            }

            start = end + 1;
        }

        if (segments == 0)
        {
            return Fail(DiagnosticCodes.InvalidOutputPath, "names no file.", out code, out message);
        }

        if (!canonical)
        {
            path = Rebuild(path);
        }

        var lastSlash = path.LastIndexOf('/');
        var fileName = path.AsSpan(lastSlash + 1);
        var extension = Path.GetExtension(fileName);
        var encoded = allowEncodedFormats && (extension.Equals(".webp", StringComparison.OrdinalIgnoreCase) || extension.Equals(".jpg", StringComparison.OrdinalIgnoreCase) || extension.Equals(".jpeg", StringComparison.OrdinalIgnoreCase));
        if ((!encoded && !fileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) || fileName.Length == extension.Length)
        {
            return Fail(DiagnosticCodes.OutputNotPng, "must name a .png file (AssetForge writes PNG images; .webp, .jpg and .jpeg need a 'format' post step), e.g. 'props/potion.png'.", out code, out message);
        }

        normalized = path;
        return true;
    }

    private static bool CheckSegment(ReadOnlySpan<char> segment, out string code, out string message)
    {
        foreach (var c in segment)
        {
            if (c < 0x20 || c is '<' or '>' or ':' or '"' or '|' or '?' or '*')
            {
                var shown = c < 0x20 ? $"U+{(int)c:X4}" : $"'{c}'";
                return Fail(DiagnosticCodes.InvalidOutputPath, $"contains {shown}, which Windows does not allow in file names.", out code, out message);
            }
        }

        if (segment[^1] is '.' or ' ')
        {
            return Fail(DiagnosticCodes.InvalidOutputPath, $"has a part ending in '{segment[^1]}' ('{segment}'), which Windows silently strips.", out code, out message);
        }

        var stem = segment;
        var dot = stem.IndexOf('.');
        if (dot >= 0)
        {
            stem = stem[..dot];
        }

        foreach (var reserved in ReservedNames)
        {
            if (stem.Equals(reserved, StringComparison.OrdinalIgnoreCase))
            {
                return Fail(DiagnosticCodes.InvalidOutputPath, $"uses '{segment}', a reserved device name on Windows.", out code, out message);
            }
        }

        code = string.Empty;
        message = string.Empty;
        return true;
    }

    private static string Rebuild(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (part != ".")
            {
                kept.Add(part);
            }
        }

        return string.Join('/', kept);
    }

    private static bool Fail(string failureCode, string failureMessage, out string code, out string message)
    {
        code = failureCode;
        message = failureMessage;
        return false;
    }
}
