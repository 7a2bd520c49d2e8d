namespace AssetForge.Core.Caching;

using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;

/// <summary>
/// The local content-addressed store (DESIGN §4): <c>objects/&lt;aa&gt;/&lt;sha256&gt;</c> blobs, sharded by
/// the first two hex digits, and <c>actions/&lt;key&gt;.json</c> records. Entries only ever appear
/// by atomic rename; every read verifies the SHA-256, and a corrupt entry is reported (AF40xx),
/// deleted and treated as a miss, so it is rebuilt and never served.
/// </summary>
/// <remarks>Safe for concurrent use by several threads and processes: writers race only on renames of identical content.</remarks>
public sealed class ContentStore
{
    /// <summary>A blob's content does not match its name (truncated, flipped bytes).</summary>
    public const string CorruptBlobCode = "AF4001";

    /// <summary>An action record cannot be read or is inconsistent.</summary>
    public const string CorruptActionCode = "AF4002";

    /// <summary>An action record names a blob the store does not have.</summary>
    public const string MissingBlobCode = "AF4003";

    /// <summary>A derived model folder in the cache (e.g. builtin:tiny) whose files do not match its <c>.SHA256SUMS</c>: its backend rewrites it on next use.</summary>
    public const string CorruptModelCode = "AF4007";

    private const int CopyBufferSize = 1 << 20;

    /// <summary>Opens (without creating anything yet) the store in <paramref name="cacheDirectory"/>.</summary>
    public ContentStore(string cacheDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        Root = Path.GetFullPath(cacheDirectory);
        ObjectsDirectory = Path.Combine(Root, "objects");
        ActionsDirectory = Path.Combine(Root, "actions");
        LocksDirectory = Path.Combine(Root, "locks");
    }

    /// <summary>Where per-action inter-process locks live (<see cref="InterProcessLock"/>).</summary>
    public string LocksDirectory { get; }

    /// <summary>The lock file that serialises producing action <paramref name="key"/> across processes.</summary>
    public string LockPath(ActionKey key) => Path.Combine(LocksDirectory, key.Hex + ".lock");

    /// <summary>The cache folder.</summary>
    public string Root { get; }

    /// <summary>Where blobs live.</summary>
    public string ObjectsDirectory { get; }

    /// <summary>Where action records live.</summary>
    public string ActionsDirectory { get; }

    /// <summary>The path of blob <paramref name="sha256"/>.</summary>
    public string BlobPath(string sha256)
    {
        if (!ContentHash.IsValid(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256.", nameof(sha256));
        }

        return Path.Combine(ObjectsDirectory, sha256[..2], sha256);
    }

    /// <summary>
    /// Where the folder output of action <paramref name="key"/> (a compiled model, <see cref="StoredFolder"/>)
    /// is materialised for the program that opens it: <c>models/compiled-&lt;first 32 hex digits of the key&gt;</c>.
    /// </summary>
    public string FolderPath(ActionKey key) => Path.Combine(Root, "models", "compiled-" + key.Hex[..32]);

    /// <summary>The path of action record <paramref name="key"/>.</summary>
    public string ActionPath(ActionKey key) => Path.Combine(ActionsDirectory, key.Hex + ".json");

    /// <summary>Whether a blob of that hash and size is present (a cheap check: its content is verified when read).</summary>
    public bool HasBlob(string sha256, long size)
    {
        var info = new FileInfo(BlobPath(sha256));
        return info.Exists && info.Length == size;
    }

    /// <summary>Stores <paramref name="content"/> and returns its SHA-256.</summary>
    public async Task<string> PutBlobAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var sha256 = ContentHash.Of(content.Span);
        var path = BlobPath(sha256);
        var existing = new FileInfo(path);
        if (!existing.Exists || existing.Length != content.Length)
        {
            await AtomicFile.WriteAsync(path, content, cancellationToken).ConfigureAwait(false);
        }

        return sha256;
    }

    /// <summary>Reads and verifies a blob; null when absent or corrupt (a corrupt one is reported and deleted).</summary>
    public async Task<byte[]?> TryReadBlobAsync(string sha256, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var path = BlobPath(sha256);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var actual = ContentHash.Of(content);
        if (actual != sha256)
        {
            Discard(path, report, Diagnostic.Warning(CorruptBlobCode, $"Cache blob {sha256} is corrupt (its content hashes to {actual}); it was deleted and will be rebuilt.", SourceLocation.FileOnly(path)));
            return null;
        }

        return content;
    }

    /// <summary>
    /// Copies blob <paramref name="sha256"/> to <paramref name="destination"/> (temporary file +
    /// atomic rename), verifying its size and hash on the way. Returns false, writing nothing, when
    /// the blob is missing or corrupt (a corrupt blob is reported and deleted).
    /// </summary>
    public async Task<bool> TryMaterializeAsync(string sha256, long size, string destination, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var blobPath = BlobPath(sha256);
        FileStream source;
        try
        {
            source = new FileStream(blobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            report(Diagnostic.Warning(MissingBlobCode, $"Cache blob {sha256} is missing; the asset will be rebuilt.", SourceLocation.FileOnly(blobPath)));
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        var temporary = AtomicFile.TemporaryPathFor(destination);
        var committed = false;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            string actual;
            long length = 0;
            await using (source.ConfigureAwait(false))
            await using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    length += read;
                }

                actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (actual == sha256 && length == size)
                {
                    target.Flush(flushToDisk: true);
                }
            }

            if (actual != sha256 || length != size)
            {
                Discard(blobPath, report, Diagnostic.Warning(CorruptBlobCode, $"Cache blob {sha256} is corrupt ({length} bytes hashing to {actual}, expected {size} bytes); it was deleted and the asset will be rebuilt.", SourceLocation.FileOnly(blobPath)));
                return false;
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, destination, overwrite: true);
            committed = true;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!committed)
            {
                AtomicFile.TryDelete(temporary);
            }
        }
    }

    /// <summary>
    /// Reads action record <paramref name="key"/>; null when absent, or when unreadable or
    /// inconsistent (then reported and deleted, so the action is rebuilt).
    /// </summary>
    public ActionRecord? TryGetAction(ActionKey key, Action<Diagnostic> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var path = ActionPath(key);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var problem = Parse(bytes, key, out var record);
        if (problem is not null)
        {
            Discard(path, report, Diagnostic.Warning(CorruptActionCode, $"Cache action record {key} is corrupt: {problem}; it was deleted and the asset will be rebuilt.", SourceLocation.FileOnly(path)));
            return null;
        }

        MarkUsed(path);
        return record;
    }

    /// <summary>Writes an action record (atomically; the last writer wins, and all writers of one key write equivalent records).</summary>
    public Task PutActionAsync(ActionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!ActionKey.TryParse(record.Key, out var key))
        {
            throw new ArgumentException($"'{record.Key}' is not an action key.", nameof(record));
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, CacheJsonContext.Default.ActionRecord);
        return AtomicFile.WriteAsync(ActionPath(key.Value), bytes, cancellationToken);
    }

    /// <summary>Parses an action record's bytes; returns why they are not a valid record of <paramref name="key"/>, or null.</summary>
    internal static string? Parse(byte[] bytes, ActionKey key, out ActionRecord? record)
    {
        record = null;
        try
        {
            record = JsonSerializer.Deserialize(bytes, CacheJsonContext.Default.ActionRecord);
            return Validate(record, key);
        }
        catch (JsonException e)
        {
            return $"it is not valid JSON ({e.Message})";
        }
    }

    /// <summary>Why <paramref name="record"/> is not a valid record of <paramref name="key"/>, or null when it is.</summary>
    internal static string? Validate(ActionRecord? record, ActionKey key)
    {
        if (record is null)
        {
            return "it is empty";
        }

        if (record.Schema != ActionRecord.CurrentSchema)
        {
            return $"its schema is {record.Schema}, not {ActionRecord.CurrentSchema}";
        }

        if (record.Key != key.Hex)
        {
            return $"it holds key {record.Key}";
        }

        if (record.Outputs is not { Count: > 0 } || record.Producer is null)
        {
            return "it lists no outputs";
        }

        foreach (var output in record.Outputs)
        {
            if (output is null || string.IsNullOrEmpty(output.Name) || !ContentHash.IsValid(output.Sha256) || output.Size < 0)
            {
                return "an output has no valid name, hash or size";
            }
        }

        return null;
    }

    // The record's modification time is its last use, for `cache gc` (least recently used first):
    // access times cannot be trusted (noatime/relatime mounts), and the record's content never changes.
    private static void MarkUsed(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache still serves; it just cannot keep its LRU order.
        }
    }

    private static void Discard(string path, Action<Diagnostic> report, Diagnostic diagnostic)
    {
        AtomicFile.TryDelete(path);
        report(diagnostic);
    }
}
