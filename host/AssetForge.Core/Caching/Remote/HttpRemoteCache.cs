namespace AssetForge.Core.Caching.Remote;

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;

/// <summary>
/// The Bazel HTTP cache protocol over <see cref="HttpClient"/>: action records under
/// <c>/ac/&lt;key&gt;</c> (our JSON record, which plain WebDAV servers such as nginx store as is;
/// bazel-remote needs <c>--disable_http_ac_validation</c>), blobs under <c>/cas/&lt;sha256&gt;</c>.
/// </summary>
/// <remarks>
/// <para>Failure policy: the first failure of the remote (connection refused, a request past the
/// timeout, a 4xx/5xx other than 404, or a download that does not match its name) is reported once
/// as a warning and the remote is not asked again for the rest of the build, so a dead server costs
/// one timeout, not one per asset. A refused upload stops uploads only. Nothing here throws but the
/// caller's cancellation.</para>
/// <para>Everything downloaded is verified: records against the key they were asked for, blobs by
/// size and SHA-256, before anything reaches the local store.</para>
/// </remarks>
public sealed class HttpRemoteCache : IRemoteCache
{
    private const long MaxActionRecordBytes = 1 << 20;

    private readonly RemoteCacheOptions _options;
    private readonly Action<Diagnostic> _report;
    private readonly HttpClient _client;
    private int _disabled;
    private int _uploadDisabled;

    /// <summary>Creates a client for <paramref name="options"/>; problems are reported through <paramref name="report"/>.</summary>
    /// <param name="options">Where the remote is and how to talk to it.</param>
    /// <param name="report">Receives the (at most a few) warnings.</param>
    /// <param name="handler">A handler to use instead of a <see cref="SocketsHttpHandler"/> (tests); it is disposed with this.</param>
    public HttpRemoteCache(RemoteCacheOptions options, Action<Diagnostic> report, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        _options = options;
        _report = report;
        handler ??= new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout < TimeSpan.FromSeconds(10) ? options.Timeout : TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = 16,
        };

        // Per-request timeouts come from a linked token (see SendAsync), so a timeout can be told
        // apart from the caller's cancellation; HttpClient's own timeout is off.
        _client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = options.Url,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("AssetForge", "1.0"));
        if (!string.IsNullOrEmpty(options.AuthorizationHeader))
        {
            _client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", options.AuthorizationHeader);
        }
    }

    /// <summary>Whether the remote has failed and is no longer asked.</summary>
    public bool IsDisabled => Volatile.Read(ref _disabled) != 0;

    /// <inheritdoc />
    public bool CanUpload => _options.Upload && !IsDisabled && Volatile.Read(ref _uploadDisabled) == 0;

    /// <inheritdoc />
    public async Task<ActionRecord?> TryGetActionAsync(ActionKey key, CancellationToken cancellationToken)
    {
        var bytes = await TryGetAsync("ac/" + key.Hex, MaxActionRecordBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        string? problem;
        ActionRecord? record = null;
        try
        {
            record = JsonSerializer.Deserialize(bytes, CacheJsonContext.Default.ActionRecord);
            problem = ContentStore.Validate(record, key);
        }
        catch (JsonException e)
        {
            problem = $"it is not a valid record ({e.Message})";
        }

        if (problem is not null)
        {
            Disable(RemoteCacheCodes.CorruptDownload, $"Remote cache {_options.Url} sent a bad action record for {key}: {problem}. The remote is not used for the rest of this build; assets are built locally.");
            return null;
        }

        return record;
    }

    /// <inheritdoc />
    public async Task<byte[]?> TryGetBlobAsync(string sha256, long size, CancellationToken cancellationToken)
    {
        if (!ContentHash.IsValid(sha256) || size < 0)
        {
            return null;
        }

        var bytes = await TryGetAsync("cas/" + sha256, size, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        var actual = ContentHash.Of(bytes);
        if (bytes.LongLength != size || actual != sha256)
        {
            Disable(RemoteCacheCodes.CorruptDownload, $"Remote cache {_options.Url} sent a corrupt blob {sha256} ({bytes.LongLength} bytes hashing to {actual}, expected {size} bytes). The remote is not used for the rest of this build; assets are built locally.");
            return null;
        }

        return bytes;
    }

    /// <inheritdoc />
    public async Task<bool> PutBlobAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!CanUpload)
        {
            return false;
        }

        // HEAD first: a blob another machine already uploaded is not sent again.
        using (var head = await SendAsync(HttpMethod.Head, "cas/" + sha256, null, cancellationToken).ConfigureAwait(false))
        {
            if (head is null)
            {
                return false;
            }

            if (head.IsSuccessStatusCode && head.Content.Headers.ContentLength == content.Length)
            {
                return true;
            }
        }

        return await PutAsync("cas/" + sha256, new ReadOnlyMemoryContent(content), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> PutActionAsync(ActionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!CanUpload)
        {
            return Task.FromResult(false);
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, CacheJsonContext.Default.ActionRecord);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return PutAsync("ac/" + record.Key, content, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private async Task<bool> PutAsync(string path, HttpContent content, CancellationToken cancellationToken)
    {
        using (content)
        using (var response = await SendAsync(HttpMethod.Put, path, content, cancellationToken).ConfigureAwait(false))
        {
            if (response is null)
            {
                return false;
            }

            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            if (Interlocked.Exchange(ref _uploadDisabled, 1) == 0)
            {
                _report(Diagnostic.Warning(RemoteCacheCodes.UploadRefused, $"Remote cache {_options.Url} refused an upload (PUT /{path}: {(int)response.StatusCode} {response.ReasonPhrase}); results of this build are kept locally only."));
            }

            return false;
        }
    }

    private async Task<byte[]?> TryGetAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (response is null || response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            Disable(RemoteCacheCodes.Unavailable, $"Remote cache {_options.Url} answered GET /{path} with {(int)response.StatusCode} {response.ReasonPhrase}; it is not used for the rest of this build, assets are built locally.");
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // Read at most one byte past the expected size: a server streaming garbage forever
                // must not fill memory.
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > maxBytes)
                    {
                        Disable(RemoteCacheCodes.CorruptDownload, $"Remote cache {_options.Url} sent more than the {maxBytes} bytes expected for /{path}. The remote is not used for the rest of this build; assets are built locally.");
                        return null;
                    }
                }

                return buffer.ToArray();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Disable(RemoteCacheCodes.Unavailable, $"Remote cache {_options.Url} did not send /{path} within {_options.Timeout.TotalSeconds:0.#} s; it is not used for the rest of this build, assets are built locally.");
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            Disable(RemoteCacheCodes.Unavailable, $"Remote cache {_options.Url} failed while sending /{path}: {e.Message}; it is not used for the rest of this build, assets are built locally.");
            return null;
        }
    }

    // Null when the remote is disabled or failed (reported); the caller's cancellation throws.
    private async Task<HttpResponseMessage?> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        if (IsDisabled)
        {
            return null;
        }

        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Disable(RemoteCacheCodes.Unavailable, $"Remote cache {_options.Url} did not answer {method} /{path} within {_options.Timeout.TotalSeconds:0.#} s; it is not used for the rest of this build, assets are built locally.");
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            Disable(RemoteCacheCodes.Unavailable, $"Remote cache {_options.Url} is unreachable ({method} /{path}: {e.Message}); it is not used for the rest of this build, assets are built locally.");
            return null;
        }
    }

    private void Disable(string code, string message)
    {
        // Only the first failure is worth a warning; parallel requests failing together say the same.
        if (Interlocked.Exchange(ref _disabled, 1) == 0)
        {
            _report(Diagnostic.Warning(code, message));
        }
    }
}
