namespace AssetForge.Core.Caching.Remote;

/// <summary>
/// A shared cache speaking the Bazel HTTP cache protocol (<c>GET/HEAD/PUT /ac/&lt;key&gt;</c> and
/// <c>/cas/&lt;sha256&gt;</c>): nginx with WebDAV, bazel-remote, or any server that stores what is PUT.
/// </summary>
/// <remarks>
/// Set in assetforge.yaml (<c>remote_cache: { url, upload, auth_header_env, timeout_seconds }</c>),
/// by the <c>ASSETFORGE_REMOTE_CACHE</c> environment variable, or by <c>--remote-cache</c>. The
/// authorization header's value comes from an environment variable, never from a committed file.
/// </remarks>
public sealed record RemoteCacheOptions
{
    /// <summary>The default time one request may take before the remote is given up for the build.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The base URL; <c>/ac/…</c> and <c>/cas/…</c> are appended to it.</summary>
    public required Uri Url { get; init; }

    /// <summary>Whether generated results are uploaded (CI agents and artists' machines with a trusted GPU: on; read-only consumers: off).</summary>
    public bool Upload { get; init; } = true;

    /// <summary>The environment variable the <c>Authorization</c> header's value is read from; null sends none.</summary>
    public string? AuthHeaderEnvironmentVariable { get; init; }

    /// <summary>The <c>Authorization</c> header's value, resolved from <see cref="AuthHeaderEnvironmentVariable"/> when the config is loaded.</summary>
    public string? AuthorizationHeader { get; init; }

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The value that turns a remote cache off (<c>--remote-cache off</c>, <c>ASSETFORGE_REMOTE_CACHE=off</c>).</summary>
    public const string Off = "off";

    /// <summary>Parses an absolute http(s) URL; false for anything else.</summary>
    public static bool TryParseUrl(string? text, out Uri? url)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text) ||
            !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed) ||
            (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        // A trailing slash, so relative paths (ac/…, cas/…) append instead of replacing the last segment.
        url = parsed.AbsoluteUri.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Url.ToString();
}
