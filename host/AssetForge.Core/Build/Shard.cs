namespace AssetForge.Core.Build;

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AssetForge.Core.Hashing;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (<c>--shard 2/4</c>, 1-based like CI matrix
/// jobs): the assets whose action key's first 8 bytes, read as a big-endian unsigned number, are
/// <see cref="Index"/> − 1 modulo <see cref="Count"/>. The partition depends on the key only, so
/// every machine computes the same one with no coordinator, and an asset only moves shard when its
/// key (and so its output) changes.
/// </summary>
public readonly record struct Shard
{
    private Shard(int index, int count)
    {
        Index = index;
        Count = count;
    }

    /// <summary>The shard number, from 1 to <see cref="Count"/>.</summary>
    public int Index { get; }

    /// <summary>How many shards there are.</summary>
    public int Count { get; }

    /// <summary>Parses <c>i/n</c> with 1 ≤ i ≤ n.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Shard? shard, [NotNullWhen(false)] out string? error)
    {
        shard = null;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0 ||
            !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
            !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"'{text}' is not a shard; write i/n, e.g. 2/4 for the second of four.";
            return false;
        }

        if (count < 1 || index < 1 || index > count)
        {
            error = $"shard '{text}' is out of range; i/n needs 1 <= i <= n.";
            return false;
        }

        shard = new Shard(index, count);
        error = null;
        return true;
    }

    /// <summary>Which shard (1-based) of <paramref name="count"/> the key falls in.</summary>
    public static int Of(ActionKey key, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var prefix = ulong.Parse(key.Hex.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return (int)(prefix % (ulong)count) + 1;
    }

    /// <summary>Whether the asset of <paramref name="key"/> belongs to this shard.</summary>
    public bool Contains(ActionKey key) => Of(key, Count) == Index;

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
