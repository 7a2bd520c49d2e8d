namespace AssetForge.Core.Caching;

/// <summary>
/// Writes files so that readers see either the old content or the complete new one, never a
/// part: the bytes go to a uniquely named temporary file in the same folder, are flushed to disk,
/// and the temporary file is renamed over the target (atomic on one file system).
/// </summary>
/// <remarks>
/// Temporary names start with a dot and end in <c>.tmp</c>, so folder scans (model fingerprints,
/// cache listings) skip them; an interrupted write leaves at most such a file behind.
/// </remarks>
public static class AtomicFile
{
    /// <summary>A fresh temporary path beside <paramref name="path"/>.</summary>
    public static string TemporaryPathFor(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temporary = CreateTemporary(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically; a cancelled write leaves the target untouched.</summary>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temporary = CreateTemporary(path);
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Deletes a file if it exists, ignoring failures (used to clean up temporaries and bad entries).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary is harmless (scans skip it).
        }
    }

    private static string CreateTemporary(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return TemporaryPathFor(full);
    }
}
