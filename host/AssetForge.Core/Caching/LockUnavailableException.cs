namespace AssetForge.Core.Caching;

/// <summary>
/// A lock file that cannot be created or opened at all (read-only or full file system, permission
/// denied, a folder in its place), or that stayed held past a bounded wait. Unlike "held by someone
/// else", waiting longer does not help, so lock waits give up with this instead of spinning.
/// </summary>
/// <remarks>
/// It is an <see cref="IOException"/>, so callers that already treat an unusable lock folder as
/// "work without the lock" (duplicate work at worst, never a corrupt entry) keep doing so.
/// </remarks>
public sealed class LockUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public LockUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LockUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the I/O error behind it.</summary>
    public LockUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
