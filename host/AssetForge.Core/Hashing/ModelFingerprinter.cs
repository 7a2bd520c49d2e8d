namespace AssetForge.Core.Hashing;

using System.Text.Json;
using System.Text.Json.Serialization;
using AssetForge.Core.Caching;
using AssetForge.Core.NoOp;

/// <summary>
/// Fingerprints a model folder: SHA-256 over the sorted list of its files' relative paths, sizes
/// and content hashes. File hashes are memoised by path, size and modification time in a small
/// JSON file in the cache, so a multi-gigabyte model is read once, not on every build.
/// </summary>
/// <remarks>
/// Hidden entries (dot files, <c>.git</c>) are skipped: they are not part of a model. A file
/// modified within <see cref="RacyWindow"/> of being hashed is not memoised (git's "racy" rule:
/// a second write in the same timestamp tick with the same size would otherwise go unnoticed).
/// Not thread-safe for concurrent calls on one instance; the engine fingerprints one model at a time.
/// </remarks>
public sealed class ModelFingerprinter
{
    /// <summary>The memo's file name in the cache folder.</summary>
    public const string MemoFileName = "fingerprints.json";

    /// <summary>How recent a modification must be for its hash not to be memoised.</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly string _memoPath;
    private Dictionary<string, MemoEntry>? _memo;
    private long _bytesHashed;

    /// <summary>Creates a fingerprinter whose memo lives in <paramref name="cacheDirectory"/>.</summary>
    public ModelFingerprinter(string cacheDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        _memoPath = Path.Combine(cacheDirectory, MemoFileName);
    }

    /// <summary>How many bytes of model files this instance has read and hashed.</summary>
    public long BytesHashed => Interlocked.Read(ref _bytesHashed);

    /// <summary>Fingerprints <paramref name="modelDirectory"/> (lower-case hex SHA-256).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public async Task<string> FingerprintAsync(string modelDirectory, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(modelDirectory);
        InputFileLog.NoteTree(root);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The model folder '{root}' does not exist.");
        }

        return await FingerprintFilesAsync(root, [.. Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true })], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fingerprints a list of files (a model source that is not a whole folder, e.g. a checkpoint
    /// file and its sidecars), named by their paths relative to <paramref name="root"/>.
    /// </summary>
    public async Task<string> FingerprintFilesAsync(string root, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        root = Path.GetFullPath(root);
        var memo = _memo ??= LoadMemo(_memoPath);
        var memoChanged = false;
        var files = new List<(string Relative, string FullPath)>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            InputFileLog.NoteFile(full);
            files.Add((Path.GetRelativePath(root, full).Replace('\\', '/'), full));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        var entries = new List<string>(files.Count);
        var racyLimit = DateTime.UtcNow - RacyWindow;
        foreach (var (relative, fullPath) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(fullPath);
            var size = info.Length;
            var mtime = info.LastWriteTimeUtc;
            string sha256;
            if (memo.TryGetValue(fullPath, out var known) && known.Size == size && known.MtimeTicks == mtime.Ticks && ContentHash.IsValid(known.Sha256))
            {
                sha256 = known.Sha256;
            }
            else
            {
                (sha256, var length) = await ContentHash.OfFileAsync(fullPath, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _bytesHashed, length);
                if (length == size && mtime < racyLimit)
                {
                    memo[fullPath] = new MemoEntry(size, mtime.Ticks, sha256);
                    memoChanged = true;
                }
            }

            entries.Add(CanonicalJson.Array([CanonicalJson.String(relative), CanonicalJson.Number(size), CanonicalJson.String(sha256)]));
        }

        if (memoChanged)
        {
            SaveMemo(_memoPath, memo);
        }

        return ContentHash.Of(CanonicalJson.ToUtf8(CanonicalJson.Array(entries)));
    }

    private static Dictionary<string, MemoEntry> LoadMemo(string path)
    {
        try
        {
            var document = JsonSerializer.Deserialize(File.ReadAllBytes(path), FingerprintJsonContext.Default.MemoDocument);
            if (document is { Version: MemoDocument.CurrentVersion, Files: { } files })
            {
                return new Dictionary<string, MemoEntry>(files, StringComparer.Ordinal);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // A missing or damaged memo only costs a re-hash; it never changes a fingerprint.
        }

        return new Dictionary<string, MemoEntry>(StringComparer.Ordinal);
    }

    private static void SaveMemo(string path, Dictionary<string, MemoEntry> memo)
    {
        var sorted = new SortedDictionary<string, MemoEntry>(memo, StringComparer.Ordinal);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new MemoDocument(MemoDocument.CurrentVersion, sorted), FingerprintJsonContext.Default.MemoDocument);
        try
        {
            AtomicFile.Write(path, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache still fingerprints correctly; it just re-hashes next time.
        }
    }

    internal sealed record MemoEntry(
        [property: JsonPropertyName("size")] long Size,
        [property: JsonPropertyName("mtime")] long MtimeTicks,
        [property: JsonPropertyName("sha256")] string Sha256);

    internal sealed record MemoDocument(
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("files")] IDictionary<string, MemoEntry>? Files)
    {
        public const int CurrentVersion = 1;
    }
}

[JsonSerializable(typeof(ModelFingerprinter.MemoDocument))]
internal sealed partial class FingerprintJsonContext : JsonSerializerContext;
