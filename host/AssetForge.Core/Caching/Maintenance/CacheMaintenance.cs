namespace AssetForge.Core.Caching.Maintenance;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;

/// <summary>
/// <c>assetforge cache ls | verify | gc</c> over a local <see cref="ContentStore"/>. Listing and
/// verifying change nothing (not even the LRU order); collecting deletes least recently used
/// actions first, never one in the keep set, then blobs no remaining action references.
/// </summary>
/// <remarks>
/// Safe beside running builds: a build that loses an entry to <c>gc</c> mid-way finds it missing
/// on read and regenerates it. Temporary files and unreferenced blobs younger than
/// <see cref="Grace"/> are left alone, since a running build may be about to commit them.
/// </remarks>
public sealed class CacheMaintenance
{
    private readonly ContentStore _store;

    /// <summary>Maintains <paramref name="store"/>.</summary>
    public CacheMaintenance(ContentStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>How old a temporary file or an unreferenced blob must be before <see cref="Collect"/> deletes it.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Every valid action, most recently used first (corrupt records are left for <see cref="VerifyAsync"/> to report).</summary>
    public IReadOnlyList<CacheEntry> List(CancellationToken cancellationToken)
    {
        var entries = new List<CacheEntry>();
        foreach (var (path, key) in ActionFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Read(path, key, out var record, out var info) is null)
            {
                long size = info.Length;
                foreach (var output in record!.Outputs)
                {
                    size += output.Size;
                }

                entries.Add(new CacheEntry(key.Hex, size, info.LastWriteTimeUtc, record));
            }
        }

        entries.Sort((a, b) => b.LastUsedUtc.CompareTo(a.LastUsedUtc));
        return entries;
    }

    /// <summary>Hashes every blob, checks every record and every derived model folder; deletes nothing.</summary>
    public async Task<CacheVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var problems = new List<Diagnostic>();
        int blobs = 0, actions = 0, temporaries = 0;
        long bytes = 0;
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        if (Directory.Exists(_store.ObjectsDirectory))
        {
            foreach (var path in Directory.EnumerateFiles(_store.ObjectsDirectory, "*", SearchOption.AllDirectories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = Path.GetFileName(path);
                if (IsTemporary(name))
                {
                    temporaries++;
                    continue;
                }

                if (!ContentHash.IsValid(name) || !string.Equals(path, _store.BlobPath(name), StringComparison.Ordinal))
                {
                    problems.Add(Diagnostic.Warning(ContentStore.CorruptBlobCode, "A file in the object store is not named by its SHA-256 or is in the wrong folder.", SourceLocation.FileOnly(path)));
                    continue;
                }

                var (actual, length) = await ContentHash.OfFileAsync(path, cancellationToken).ConfigureAwait(false);
                blobs++;
                bytes += length;
                if (actual != name)
                {
                    problems.Add(Diagnostic.Warning(ContentStore.CorruptBlobCode, $"Cache blob {name} is corrupt: its {length} bytes hash to {actual}.", SourceLocation.FileOnly(path)));
                    continue;
                }

                sizes[name] = length;
            }
        }

        foreach (var (path, key) in ActionFiles(problems, ref temporaries))
        {
            cancellationToken.ThrowIfCancellationRequested();
            actions++;
            if (Read(path, key, out var record, out _) is { } problem)
            {
                problems.Add(Diagnostic.Warning(ContentStore.CorruptActionCode, $"Cache action record {key} is corrupt: {problem}.", SourceLocation.FileOnly(path)));
                continue;
            }

            foreach (var output in record!.Outputs)
            {
                if (!sizes.TryGetValue(output.Sha256, out var size) || size != output.Size)
                {
                    problems.Add(Diagnostic.Warning(ContentStore.MissingBlobCode, $"Cache action record {key} names blob {output.Sha256} ({output.Size} bytes), which is missing, corrupt or of another size.", SourceLocation.FileOnly(path)));
                }
            }
        }

        problems.AddRange(await ModelFolderCheck.VerifyAsync(Path.Combine(_store.Root, "models"), cancellationToken).ConfigureAwait(false));
        return new CacheVerification(actions, blobs, bytes, temporaries, problems);
    }

    /// <summary>
    /// Deletes least recently used actions until the cache holds at most <paramref name="maxBytes"/>
    /// (records plus blobs), never an action whose key is in <paramref name="keep"/>, then the blobs
    /// nothing references any more.
    /// </summary>
    public CacheCollection Collect(long maxBytes, IReadOnlySet<string> keep, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ArgumentNullException.ThrowIfNull(keep);
        var cutoff = DateTime.UtcNow - Grace;
        int temporariesRemoved = 0, blobsRemoved = 0, actionsRemoved = 0, kept = 0;

        // Blobs on disk, and the records that reference them.
        var blobSizes = new Dictionary<string, (long Size, DateTime Written)>(StringComparer.Ordinal);
        if (Directory.Exists(_store.ObjectsDirectory))
        {
            foreach (var path in Directory.EnumerateFiles(_store.ObjectsDirectory, "*", SearchOption.AllDirectories))
            {
                var info = new FileInfo(path);
                if (IsTemporary(info.Name))
                {
                    if (info.LastWriteTimeUtc < cutoff && Delete(path))
                    {
                        temporariesRemoved++;
                    }

                    continue;
                }

                if (ContentHash.IsValid(info.Name))
                {
                    blobSizes[info.Name] = (info.Length, info.LastWriteTimeUtc);
                }
            }
        }

        var records = new List<(string Path, ActionKey Key, ActionRecord Record, long Size, DateTime LastUsed)>();
        var references = new Dictionary<string, int>(StringComparer.Ordinal);
        long total = 0;
        foreach (var (path, key) in ActionFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var problem = Read(path, key, out var record, out var info);
            if (problem is not null)
            {
                // A corrupt record is never served; it is as good as gone.
                Delete(path);
                continue;
            }

            records.Add((path, key, record!, info.Length, info.LastWriteTimeUtc));
            total += info.Length;
            foreach (var output in record!.Outputs)
            {
                references[output.Sha256] = references.GetValueOrDefault(output.Sha256) + 1;
            }
        }

        foreach (var (sha, (size, written)) in blobSizes)
        {
            if (references.ContainsKey(sha))
            {
                total += size;
            }
            else if (written < cutoff && Delete(_store.BlobPath(sha)))
            {
                blobsRemoved++;
            }
            else
            {
                total += size;
            }
        }

        var before = total + SizeOfRemoved(blobSizes, references, cutoff);
        records.Sort((a, b) => a.LastUsed.CompareTo(b.LastUsed));
        foreach (var entry in records)
        {
            if (total <= maxBytes)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (keep.Contains(entry.Key.Hex))
            {
                kept++;
                continue;
            }

            if (!Delete(entry.Path))
            {
                continue;
            }

            actionsRemoved++;
            total -= entry.Size;
            RemoveLockFile(entry.Key);
            foreach (var output in entry.Record.Outputs)
            {
                if (references.TryGetValue(output.Sha256, out var count) && --references[output.Sha256] == 0 &&
                    blobSizes.TryGetValue(output.Sha256, out var blob) && Delete(_store.BlobPath(output.Sha256)))
                {
                    blobsRemoved++;
                    total -= blob.Size;
                }
            }
        }

        return new CacheCollection(actionsRemoved, blobsRemoved, temporariesRemoved, kept, before, total);
    }

    private static long SizeOfRemoved(Dictionary<string, (long Size, DateTime Written)> blobs, Dictionary<string, int> references, DateTime cutoff)
    {
        long removed = 0;
        foreach (var (sha, (size, written)) in blobs)
        {
            if (!references.ContainsKey(sha) && written < cutoff)
            {
                removed += size;
            }
        }

        return removed;
    }

    private static bool IsTemporary(string name) => name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal);

    private static bool Delete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // Reads without touching the record's time (that is the LRU order) and without deleting.
    private static string? Read(string path, ActionKey key, out ActionRecord? record, out FileInfo info)
    {
        info = new FileInfo(path);
        record = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"it cannot be read ({e.Message})";
        }

        return ContentStore.Parse(bytes, key, out record);
    }

    // Only a lock nobody holds is removed; a build waiting on it would otherwise lock a deleted file.
    private void RemoveLockFile(ActionKey key)
    {
        var path = _store.LockPath(key);
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            using var held = InterProcessLock.TryAcquire(path);
            if (held is not null)
            {
                Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: an empty lock file costs nothing.
        }
    }

    private IEnumerable<(string Path, ActionKey Key)> ActionFiles()
    {
        var temporaries = 0;
        return ActionFiles(null, ref temporaries);
    }

    private IEnumerable<(string Path, ActionKey Key)> ActionFiles(List<Diagnostic>? problems, ref int temporaries)
    {
        var files = new List<(string, ActionKey)>();
        if (!Directory.Exists(_store.ActionsDirectory))
        {
            return files;
        }

        foreach (var path in Directory.EnumerateFiles(_store.ActionsDirectory))
        {
            var name = Path.GetFileName(path);
            if (IsTemporary(name))
            {
                temporaries++;
                continue;
            }

            if (name.EndsWith(".json", StringComparison.Ordinal) && ActionKey.TryParse(name[..^5], out var key))
            {
                files.Add((path, key.Value));
            }
            else
            {
                problems?.Add(Diagnostic.Warning(ContentStore.CorruptActionCode, "A file in the action store is not named <key>.json.", SourceLocation.FileOnly(path)));
            }
        }

        return files;
    }
}
