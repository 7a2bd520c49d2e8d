namespace AssetForge.Core.NoOp;

using System.IO.Enumeration;

/// <summary>
/// A folder's listing as a number: how many visible entries (names not starting with '.') and an
/// order-independent hash of their names and kinds. A spec added, deleted or renamed in a folder
/// the spec search walks changes it, whatever the clocks say; hidden entries (the build's own
/// <c>.assetforge</c>, atomic writes' temp files) do not. Reads only the folder (readdir), never
/// stats an entry.
/// </summary>
public readonly record struct DirectoryListing(bool Exists, int Count, ulong Hash)
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>Lists <paramref name="directory"/>.</summary>
    public static DirectoryListing Of(string directory)
    {
        int count = 0;
        ulong sum = 0;
        try
        {
            var entries = new FileSystemEnumerable<ulong>(directory, static (ref FileSystemEntry entry) => HashOf(entry.FileName, entry.IsDirectory), Options)
            {
                ShouldIncludePredicate = static (ref FileSystemEntry entry) => entry.FileName.Length > 0 && entry.FileName[0] != '.',
            };
            foreach (var hash in entries)
            {
                count++;
                sum += hash; // a sum: the same for any enumeration order
            }
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return new DirectoryListing(false, 0, 0);
        }

        return new DirectoryListing(true, count, sum);
    }

    private static EnumerationOptions Options { get; } = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    // FNV-1a over the UTF-16 name and the kind: stable across processes (string.GetHashCode is salted).
    private static ulong HashOf(ReadOnlySpan<char> name, bool isDirectory)
    {
        var hash = FnvOffset;
        foreach (var c in name)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        hash = (hash ^ (isDirectory ? 1UL : 2UL)) * FnvPrime;

        // A final mix, so that sums of similar names do not cancel out.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        return hash;
    }
}
