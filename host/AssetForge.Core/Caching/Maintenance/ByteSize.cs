namespace AssetForge.Core.Caching.Maintenance;

using System.Globalization;

/// <summary>Sizes as people write them: <c>500MB</c>, <c>2G</c>, <c>1.5GiB</c>, <c>4096</c> (units are powers of 1024).</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("TIB", 1L << 40), ("TB", 1L << 40), ("T", 1L << 40),
        ("GIB", 1L << 30), ("GB", 1L << 30), ("G", 1L << 30),
        ("MIB", 1L << 20), ("MB", 1L << 20), ("M", 1L << 20),
        ("KIB", 1L << 10), ("KB", 1L << 10), ("K", 1L << 10),
        ("B", 1),
    ];

    /// <summary>Parses a size; false for anything negative, unknown or too large.</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var upper = text.Trim().ToUpperInvariant();
        long factor = 1;
        foreach (var (suffix, unit) in Units)
        {
            if (upper.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = unit;
                upper = upper[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!decimal.TryParse(upper, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var total = number * factor;
        if (total > long.MaxValue)
        {
            return false;
        }

        bytes = (long)total;
        return true;
    }

    /// <summary>A size for people: <c>1.5 MiB</c>.</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
