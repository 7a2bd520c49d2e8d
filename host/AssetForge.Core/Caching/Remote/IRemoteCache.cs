namespace AssetForge.Core.Caching.Remote;

using AssetForge.Core.Hashing;

/// <summary>
/// A shared cache tier behind the local <see cref="ContentStore"/>. Implementations never throw for
/// a remote that is down, slow, refusing or lying: they report one warning and answer "miss", so a
/// build always falls back to local generation. Only the caller's cancellation throws.
/// </summary>
public interface IRemoteCache : IDisposable
{
    /// <summary>Whether uploads are wanted (policy) and still possible (the remote has not refused them).</summary>
    bool CanUpload { get; }

    /// <summary>The action record of <paramref name="key"/>, validated; null on a miss or any failure.</summary>
    Task<ActionRecord?> TryGetActionAsync(ActionKey key, CancellationToken cancellationToken);

    /// <summary>Blob <paramref name="sha256"/>, its size and hash verified; null on a miss or any failure.</summary>
    Task<byte[]?> TryGetBlobAsync(string sha256, long size, CancellationToken cancellationToken);

    /// <summary>Uploads a blob (skipped when the remote already has it); returns whether the remote has it afterwards.</summary>
    Task<bool> PutBlobAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Uploads an action record; returns whether it was stored.</summary>
    Task<bool> PutActionAsync(ActionRecord record, CancellationToken cancellationToken);
}
