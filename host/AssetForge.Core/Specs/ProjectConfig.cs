namespace AssetForge.Core.Specs;

/// <summary>
/// A project's <c>assetforge.yaml</c>, resolved: every path absolute.
/// </summary>
public sealed record ProjectConfig
{
    /// <summary>The project folder (where assetforge.yaml is).</summary>
    public required string ProjectDirectory { get; init; }

    /// <summary>The assetforge.yaml path; null when the project has none and defaults apply.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Where outputs are written (default: <c>out</c> under the project).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The local cache folder (default: <c>.assetforge/cache</c> under the project).</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Extra plugin folders, besides the built-in plugins next to the host.</summary>
    public IReadOnlyList<string> PluginDirectories { get; init; } = [];

    /// <summary><c>auto</c>, <c>cpu</c>, <c>dml</c> or <c>cuda</c>.</summary>
    public string ExecutionProvider { get; init; } = "auto";

    /// <summary>Model name → absolute model folder.</summary>
    public IReadOnlyDictionary<string, string> Models { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Globs (relative to the project) of spec files; default <c>**/*.yaml</c> except assetforge.yaml.</summary>
    public IReadOnlyList<string> SpecGlobs { get; init; } = ["**/*.yaml", "**/*.yml"];
}
