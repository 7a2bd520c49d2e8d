namespace AssetForge.Core.Caching;

using System.Text.Json;
using AssetForge.Core.Diagnostics;

/// <summary>
/// A folder output (a compiled model: ONNX graphs, gigabytes of external weights, configs) kept in
/// the store as ordinary blobs, so the local store, <c>cache gc</c> and the team cache (Bazel HTTP
/// protocol) hold it like any other output: a manifest blob (the node's declared output: each
/// file's relative path, size and chunk hashes) and the files' bytes cut into chunks of at most
/// <see cref="ChunkSize"/>, each a blob and an extra output of the node's action record
/// (<c>&lt;output&gt;/0</c>, <c>&lt;output&gt;/1</c>, …). Chunks keep every blob small enough for
/// the store's and the remote's in-memory reads and writes (a 3.4 GB UNet weight file is 52 chunks).
/// </summary>
/// <remarks>
/// Programs open a folder, not blobs: <see cref="MaterializeAsync"/> writes it out (each chunk
/// verified on the way, into a temporary folder renamed into place, so a folder that exists is
/// complete) at <see cref="ContentStore.FolderPath"/>. The folder is a copy, so a compiled model
/// takes twice its size on disk: once as blobs (what is shared and collected), once to be opened.
/// </remarks>
internal static class StoredFolder
{
    /// <summary>The largest chunk of a file kept as one blob.</summary>
    public const int ChunkSize = 64 << 20;

    /// <summary>Stores every file under <paramref name="folder"/>; returns the manifest's bytes and the chunk outputs (named after <paramref name="output"/>).</summary>
    public static async Task<(byte[] Manifest, List<ActionOutput> Chunks)> PutAsync(ContentStore store, string folder, string output, CancellationToken cancellationToken)
    {
        var files = new List<(string Relative, string FullPath)>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            files.Add((Path.GetRelativePath(folder, path).Replace('\\', '/'), path));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        var chunks = new List<ActionOutput>();
        var buffer = new byte[ChunkSize];
        using var manifest = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(manifest))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("files");
            foreach (var (relative, fullPath) in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.WriteStartObject();
                writer.WriteString("path", relative);
                writer.WriteStartArray("chunks");
                long size = 0;
                await using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
                {
                    int read;
                    while ((read = await stream.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        var sha256 = await store.PutBlobAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        chunks.Add(new ActionOutput($"{output}/{chunks.Count}", sha256, read));
                        writer.WriteStringValue(sha256);
                        size += read;
                    }
                }

                writer.WriteEndArray();
                writer.WriteNumber("size", size);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return (manifest.ToArray(), chunks);
    }

    /// <summary>
    /// Writes the folder <paramref name="manifest"/> describes to <paramref name="destination"/>
    /// unless it is there already. Returns false, leaving nothing behind, when a chunk is missing or
    /// corrupt (the store reports which) or the manifest is not one (a hostile remote's paths are refused).
    /// </summary>
    public static async Task<bool> MaterializeAsync(ContentStore store, byte[] manifest, string destination, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        if (Directory.Exists(destination))
        {
            return true;
        }

        if (Parse(manifest) is not { } files)
        {
            report(Diagnostic.Warning(ContentStore.CorruptActionCode, $"The manifest of {destination} in the cache is not a valid folder manifest; it will be rebuilt.", SourceLocation.FileOnly(store.Root)));
            return false;
        }

        var temporary = destination + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            foreach (var (relative, size, chunks) in files)
            {
                var path = Path.Combine(temporary, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                long written = 0;
                await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                {
                    foreach (var sha256 in chunks)
                    {
                        if (await store.TryReadBlobAsync(sha256, report, cancellationToken).ConfigureAwait(false) is not { } bytes)
                        {
                            return false;
                        }

                        await target.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                        written += bytes.Length;
                    }

                    target.Flush(flushToDisk: true);
                }

                if (written != size)
                {
                    report(Diagnostic.Warning(ContentStore.CorruptActionCode, $"The cache's copy of {relative} has {written} bytes, its manifest says {size}; it will be rebuilt.", SourceLocation.FileOnly(store.Root)));
                    return false;
                }
            }

            try
            {
                Directory.Move(temporary, destination);
            }
            catch (IOException) when (Directory.Exists(destination))
            {
                // Another build materialised it first; the content is the same.
            }

            return true;
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    // Null unless every entry is a relative path inside the folder, a size and a list of hashes.
    private static List<(string Relative, long Size, List<string> Chunks)>? Parse(byte[] manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest);
            var files = new List<(string, long, List<string>)>();
            foreach (var file in document.RootElement.GetProperty("files").EnumerateArray())
            {
                var relative = file.GetProperty("path").GetString();
                if (string.IsNullOrEmpty(relative) || Path.IsPathRooted(relative) || relative.Split('/').Any(s => s is "" or "." or ".." || s.Contains('\\', StringComparison.Ordinal)))
                {
                    return null;
                }

                var chunks = new List<string>();
                foreach (var chunk in file.GetProperty("chunks").EnumerateArray())
                {
                    if (chunk.GetString() is not { } sha256 || !Hashing.ContentHash.IsValid(sha256))
                    {
                        return null;
                    }

                    chunks.Add(sha256);
                }

                files.Add((relative, file.GetProperty("size").GetInt64(), chunks));
            }

            return files;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
