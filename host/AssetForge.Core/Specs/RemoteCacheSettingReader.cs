namespace AssetForge.Core.Specs;

using System.Globalization;
using AssetForge.Core.Caching.Remote;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs.Yaml;

/// <summary>
/// Reads assetforge.yaml's <c>remote_cache:</c> (a URL, or a mapping of <c>url</c>, <c>upload</c>,
/// <c>auth_header_env</c>, <c>timeout_seconds</c>) and applies <c>ASSETFORGE_REMOTE_CACHE</c>.
/// </summary>
internal static class RemoteCacheSettingReader
{
    /// <summary>The config key.</summary>
    public const string Key = "remote_cache";

    /// <summary>The environment variable that sets (a URL) or disables (<c>off</c>) the remote cache.</summary>
    public const string EnvironmentVariable = "ASSETFORGE_REMOTE_CACHE";

    /// <summary>The largest <c>timeout_seconds</c> accepted.</summary>
    public const int MaxTimeoutSeconds = 3600;

    /// <summary>The keys of the mapping form (also the JSON Schema's).</summary>
    internal static readonly string[] Fields = ["url", "upload", "auth_header_env", "timeout_seconds"];

    /// <summary>Reads the setting; null (with an error reported) when it is unusable.</summary>
    public static RemoteCacheOptions? Read(SpecNode node, Func<string, string?> environment, List<Diagnostic> diagnostics)
    {
        if (node is SpecScalar { Kind: ScalarKind.Null })
        {
            return null;
        }

        if (node is SpecScalar scalar)
        {
            return ReadUrl(scalar, diagnostics) is { } url ? new RemoteCacheOptions { Url = url } : null;
        }

        if (node is not SpecMapping mapping)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'{Key}' must be a URL or a mapping (url, upload, auth_header_env, timeout_seconds), but is {node.Describe()}.", node.Location));
            return null;
        }

        Uri? address = null;
        var upload = true;
        string? authVariable = null;
        var timeout = RemoteCacheOptions.DefaultTimeout;
        var ok = true;
        foreach (var (key, value) in mapping.Entries)
        {
            switch (key.Value)
            {
                case "url":
                    address = value is SpecScalar text ? ReadUrl(text, diagnostics) : null;
                    ok &= address is not null;
                    break;
                case "upload":
                    if (value is SpecScalar { Kind: ScalarKind.Bool } flag)
                    {
                        upload = flag.Value is "true" or "True" or "TRUE";
                    }
                    else
                    {
                        diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'{Key}.upload' must be true or false, but is {value.Describe()}.", value.Location));
                        ok = false;
                    }

                    break;
                case "auth_header_env":
                    authVariable = AssetFieldParser.ReadText(value, $"{Key}.auth_header_env", allowEmpty: false, diagnostics);
                    ok &= authVariable is not null;
                    break;
                case "timeout_seconds":
                    var seconds = AssetFieldParser.ReadWholeNumber(value, $"{Key}.timeout_seconds", 1, MaxTimeoutSeconds, diagnostics);
                    ok &= seconds is not null;
                    timeout = TimeSpan.FromSeconds(seconds ?? 30);
                    break;
                default:
                    var suggestion = SpellingSuggestion.Closest(key.Value, Fields);
                    diagnostics.Add(Diagnostic.Error(
                        DiagnosticCodes.UnknownKey,
                        suggestion is not null ? $"Unknown key '{key.Value}' in '{Key}'. Did you mean '{suggestion}'?" : $"Unknown key '{key.Value}' in '{Key}'. The keys are: {string.Join(", ", Fields)}.",
                        key.Location));
                    ok = false;
                    break;
            }
        }

        if (address is null)
        {
            if (ok)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.MissingField, $"'{Key}' needs a 'url', e.g. 'url: https://cache.example.com/assetforge'.", mapping.Location));
            }

            return null;
        }

        string? header = null;
        if (authVariable is not null)
        {
            header = environment(authVariable);
            if (string.IsNullOrEmpty(header))
            {
                diagnostics.Add(Diagnostic.Warning(RemoteCacheCodes.BadSetting, $"'{Key}.auth_header_env' names the environment variable {authVariable}, which is not set; requests go without an Authorization header.", mapping.Location));
                header = null;
            }
        }

        return ok ? new RemoteCacheOptions { Url = address, Upload = upload, AuthHeaderEnvironmentVariable = authVariable, AuthorizationHeader = header, Timeout = timeout } : null;
    }

    /// <summary>Applies <c>ASSETFORGE_REMOTE_CACHE</c> (a URL replaces the configured one, keeping its other settings; <c>off</c> disables it).</summary>
    public static RemoteCacheOptions? ApplyEnvironment(RemoteCacheOptions? configured, Func<string, string?> environment, List<Diagnostic> diagnostics) =>
        ApplyOverride(configured, environment(EnvironmentVariable), EnvironmentVariable, diagnostics);

    /// <summary>Applies an override from the environment or the command line.</summary>
    public static RemoteCacheOptions? ApplyOverride(RemoteCacheOptions? configured, string? value, string source, List<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return configured;
        }

        if (string.Equals(value.Trim(), RemoteCacheOptions.Off, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!RemoteCacheOptions.TryParseUrl(value, out var url))
        {
            diagnostics.Add(Diagnostic.Warning(RemoteCacheCodes.BadSetting, $"{source} is not an http(s) URL ('{value}'); the remote cache is not used."));
            return null;
        }

        return configured is null ? new RemoteCacheOptions { Url = url! } : configured with { Url = url! };
    }

    private static Uri? ReadUrl(SpecScalar scalar, List<Diagnostic> diagnostics)
    {
        if (RemoteCacheOptions.TryParseUrl(scalar.Value, out var url))
        {
            return url;
        }

        diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, string.Create(CultureInfo.InvariantCulture, $"'{Key}' needs an http:// or https:// URL, but is {scalar.Describe()}."), scalar.Location));
        return null;
    }
}
