namespace AssetForge.Core.Caching;

/// <summary>
/// An exclusive lock shared by processes: a lock file held open with <see cref="FileShare.None"/>
/// (on Unix, .NET takes an advisory <c>flock</c> for it; on Windows, the share mode itself). The
/// operating system releases it when the holder dies, so a killed build never leaves a lock that
/// must be broken by hand. Lock files are empty and stay behind (deleting one races with a waiter).
/// </summary>
/// <remarks>
/// "Held by another process" (worth waiting for) and "cannot be created" (a read-only or full
/// file system, permission denied: waiting never helps) are told apart by the error the open
/// reports, never by whether the file exists: a lock file left on a file system that has since
/// become read-only exists but can never be opened for writing, and treating it as held made
/// builds spin forever.
/// </remarks>
public sealed class InterProcessLock : IDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    // Linux and macOS errno values for flock(LOCK_EX | LOCK_NB) on a file another handle has locked.
    private const int LinuxEWouldBlock = 11;
    private const int MacOSEWouldBlock = 35;

    // Windows: ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION.
    private const int WindowsSharingViolation = 32;
    private const int WindowsLockViolation = 33;

    private readonly FileStream _stream;

    private InterProcessLock(FileStream stream) => _stream = stream;

    /// <summary>The lock file.</summary>
    public string Path => _stream.Name;

    /// <summary>Takes the lock if nobody holds it; null when another process (or handle) holds it.</summary>
    /// <exception cref="LockUnavailableException">The lock file cannot be created or opened (read-only or full file system, permission denied).</exception>
    public static InterProcessLock? TryAcquire(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            return new InterProcessLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            return null;
        }
        catch (UnauthorizedAccessException) when (OperatingSystem.IsWindows() && File.Exists(path))
        {
            // Windows reports a file being deleted, or held with an incompatible share, this way too.
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LockUnavailableException($"The lock file '{path}' cannot be created or opened: {e.Message}", e);
        }
    }

    /// <summary>
    /// Waits for the lock, retrying with exponential backoff (5 ms doubling to 250 ms), until it is
    /// taken or <paramref name="cancellationToken"/> fires. A lock file that cannot be created
    /// fails at once: waiting would never end.
    /// </summary>
    /// <exception cref="LockUnavailableException">The lock file cannot be created or opened.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
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
            delay = NextDelay(delay);
        }
    }

    /// <summary>
    /// Waits (blocking) for a lock that is only ever held briefly, giving up after
    /// <paramref name="timeout"/>: a holder that keeps it longer is stuck, and the caller reports it.
    /// </summary>
    /// <exception cref="LockUnavailableException">The lock file cannot be created or opened, or it stayed held for <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    public static InterProcessLock Acquire(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var giveUpAt = DateTime.UtcNow + timeout;
        var delay = FirstDelay;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryAcquire(path) is { } acquired)
            {
                return acquired;
            }

            if (DateTime.UtcNow >= giveUpAt)
            {
                throw new LockUnavailableException($"The lock file '{path}' has been held by another process for more than {timeout.TotalSeconds:0.#} s; gave up waiting.");
            }

            // WaitOne returns early when the token fires; the loop's check then throws.
            cancellationToken.WaitHandle.WaitOne(delay);
            delay = NextDelay(delay);
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();

    private static TimeSpan NextDelay(TimeSpan delay) => delay * 2 < MaxDelay ? delay * 2 : MaxDelay;

    private static bool IsHeldElsewhere(IOException e)
    {
        if (e is FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        {
            return false;
        }

        // .NET puts the errno (Unix) or the Win32 error in the low 16 bits of HResult.
        var error = e.HResult & 0xFFFF;
        if (OperatingSystem.IsWindows())
        {
            return error is WindowsSharingViolation or WindowsLockViolation;
        }

        return OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsFreeBSD()
            ? error == MacOSEWouldBlock
            : error == LinuxEWouldBlock;
    }
}
