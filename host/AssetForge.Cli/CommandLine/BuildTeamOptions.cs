namespace AssetForge.Cli.CommandLine;

using System.CommandLine;
using AssetForge.Core.Build;
using AssetForge.Core.Caching.Remote;

/// <summary><c>build</c>'s options for teams: <c>--remote-cache URL|off</c> and <c>--shard i/n</c>.</summary>
internal static class BuildTeamOptions
{
    public static (Option<string?> RemoteCache, Option<string?> Shard) Create()
    {
        var remoteCache = new Option<string?>("--remote-cache")
        {
            Description = "A shared cache speaking the Bazel HTTP cache protocol (e.g. nginx with WebDAV, bazel-remote), or 'off'. Overrides assetforge.yaml's remote_cache and ASSETFORGE_REMOTE_CACHE.",
        };
        remoteCache.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!string.Equals(value, RemoteCacheOptions.Off, StringComparison.OrdinalIgnoreCase) && !RemoteCacheOptions.TryParseUrl(value, out _))
            {
                result.AddError($"--remote-cache '{value}' is not an http:// or https:// URL (or 'off').");
            }
        });

        var shard = new Option<string?>("--shard")
        {
            Description = "Build only shard i of n (e.g. 2/4): the assets whose key falls in it. Run n builds on n machines into a shared cache; a final unsharded build then generates nothing.",
        };
        shard.Validators.Add(result =>
        {
            if (!Shard.TryParse(result.GetValueOrDefault<string?>(), out _, out var error))
            {
                result.AddError($"--shard: {error}");
            }
        });
        return (remoteCache, shard);
    }

    public static Shard? ParseShard(string? text) => text is not null && Shard.TryParse(text, out var shard, out _) ? shard : null;
}
