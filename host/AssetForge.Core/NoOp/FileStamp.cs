namespace AssetForge.Core.NoOp;

/// <summary>
/// What stat says about a path, git-index style: size, modification and change times (nanoseconds
/// since 1970) and the inode. Equal stamps mean an unchanged file: rewriting a file moves its
/// change time even when its size and modification time are put back (<c>touch -d</c>), and a
/// replaced file has another inode. Where the platform has no change time or inode (not Linux)
/// they are 0 and only size and modification time are compared.
/// </summary>
public readonly record struct FileStamp(FileStampKind Kind, long Size, long ModifiedNs, long ChangedNs, long Inode)
{
    /// <summary>The stamp of a path that does not exist.</summary>
    public static FileStamp Missing { get; } = new(FileStampKind.Missing, 0, 0, 0, 0);

    /// <summary>Stats <paramref name="path"/> (following symbolic links, as readers of the file do).</summary>
    public static FileStamp Of(string path) => UnixStat.IsAvailable ? UnixStat.Of(path) : Managed(path);

    /// <summary>True when this stamp may stand for unchanged content (a stat that failed never does).</summary>
    public bool IsProof => Kind != FileStampKind.Unknown;

    /// <summary>The later of the modification and change times: what git's racy check compares.</summary>
    public long LatestNs => Math.Max(ModifiedNs, ChangedNs);

    private static FileStamp Managed(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (file.Exists)
            {
                return new FileStamp(FileStampKind.File, file.Length, UnixNanoseconds(file.LastWriteTimeUtc), 0, 0);
            }

            var directory = new DirectoryInfo(path);
            return directory.Exists ? new FileStamp(FileStampKind.Directory, 0, UnixNanoseconds(directory.LastWriteTimeUtc), 0, 0) : Missing;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileStamp(FileStampKind.Unknown, 0, 0, 0, 0);
        }
    }

    private static long UnixNanoseconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
