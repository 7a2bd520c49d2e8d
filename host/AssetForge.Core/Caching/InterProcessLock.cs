namespace AssetForge.Core.Caching;

/// <summary>
/// An exclusive lock shared by processes: a lock file held open with <see cref="FileShare.None"/>
/// (on Unix, .NET takes an advisory <c>flock</c> for it; on Windows, the share mode itself). The
/// operating system releases it when the holder dies, so a killed build never leaves a lock that
/// must be broken by hand. Lock files are empty and stay behind (deleting one races with a waiter).
/// </summary>
public sealed class InterProcessLock : IDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    private readonly FileStream _stream;

    private InterProcessLock(FileStream stream) => _stream = stream;

    /// <summary>The lock file.</summary>
    public string Path => _stream.Name;

    /// <summary>Takes the lock if nobody holds it; null otherwise.</summary>
    public static InterProcessLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        try
        {
            return new InterProcessLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Held by another process (or another handle in this one).
            return null;
        }
        catch (UnauthorizedAccessException) when (OperatingSystem.IsWindows())
        {
            // Windows reports a file being deleted or held with an incompatible share this way too.
            return null;
        }
    }

    /// <summary>Waits for the lock, retrying with exponential backoff (5 ms doubling to 250 ms), until <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<InterProcessLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryAcquire(path) is { } acquired)
            {
                return acquired;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
