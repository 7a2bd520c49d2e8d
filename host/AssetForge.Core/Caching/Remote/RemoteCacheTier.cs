namespace AssetForge.Core.Caching.Remote;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;

/// <summary>
/// The remote behind the local store, as Unreal's DDC layers its tiers: the local store is asked
/// first (by the engine); a remote hit is copied into the local store (blobs first, then the
/// record, so the local store never holds a record without its blobs) and served from there;
/// generated results go up (blobs first, then the record, for the same reason on the server).
/// </summary>
public sealed class RemoteCacheTier : IDisposable
{
    private readonly ContentStore _local;
    private readonly IRemoteCache _remote;
    private readonly Action<Diagnostic> _report;

    /// <summary>Layers <paramref name="remote"/> behind <paramref name="local"/>; the tier owns <paramref name="remote"/>.</summary>
    public RemoteCacheTier(ContentStore local, IRemoteCache remote, Action<Diagnostic> report)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(report);
        _local = local;
        _remote = remote;
        _report = report;
    }

    /// <summary>How many action records were copied from the remote.</summary>
    public int Downloaded => _downloaded;

    /// <summary>How many action records were uploaded.</summary>
    public int Uploaded => _uploaded;

    private int _downloaded;
    private int _uploaded;

    /// <summary>A tier for <paramref name="options"/> over HTTP, or null when there is no remote.</summary>
    public static RemoteCacheTier? Create(ContentStore local, RemoteCacheOptions? options, Action<Diagnostic> report) =>
        options is null ? null : new RemoteCacheTier(local, new HttpRemoteCache(options, report), report);

    /// <summary>
    /// Copies action <paramref name="key"/> and its blobs from the remote into the local store.
    /// Returns the record (now local), or null on a miss or any remote failure.
    /// </summary>
    public async Task<ActionRecord?> TryFetchAsync(ActionKey key, CancellationToken cancellationToken)
    {
        var record = await _remote.TryGetActionAsync(key, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        foreach (var output in record.Outputs)
        {
            if (_local.HasBlob(output.Sha256, output.Size))
            {
                continue;
            }

            var blob = await _remote.TryGetBlobAsync(output.Sha256, output.Size, cancellationToken).ConfigureAwait(false);
            if (blob is null)
            {
                // A record whose blob the remote lost (evicted, half-uploaded): a miss.
                return null;
            }

            await _local.PutBlobAsync(blob, cancellationToken).ConfigureAwait(false);
        }

        await _local.PutActionAsync(record, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _downloaded);
        return record;
    }

    /// <summary>Uploads a locally stored action (its blobs, then its record) when the policy allows; failures are warnings.</summary>
    public async Task UploadAsync(ActionKey key, CancellationToken cancellationToken)
    {
        if (!_remote.CanUpload || _local.TryGetAction(key, _report) is not { } record)
        {
            return;
        }

        foreach (var output in record.Outputs)
        {
            if (await _local.TryReadBlobAsync(output.Sha256, _report, cancellationToken).ConfigureAwait(false) is not { } blob ||
                !await _remote.PutBlobAsync(output.Sha256, blob, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        if (await _remote.PutActionAsync(record, cancellationToken).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _uploaded);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _remote.Dispose();
}
