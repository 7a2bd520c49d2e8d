namespace AssetForge.Core.Specs;

using AssetForge.Abstractions.Models;

/// <summary>
/// A project's <c>assetforge.yaml</c>, resolved: every path absolute.
/// </summary>
public sealed record ProjectConfig
{
    /// <summary>The default output folder, relative to the project.</summary>
    public const string DefaultOutputFolder = "out";

    /// <summary>The default cache folder, relative to the project.</summary>
    public const string DefaultCacheFolder = ".assetforge/cache";

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

    /// <summary>Model name → the LoRAs its entry merges (<c>name: { path: ..., loras: [...] }</c>); absent when none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CheckpointLora>> ModelLoras { get; init; } = new Dictionary<string, IReadOnlyList<CheckpointLora>>(StringComparer.Ordinal);

    /// <summary>Model name → the precision its entry compiles in (<c>name: { path: ..., precision: fp16 }</c>); absent for fp32.</summary>
    public IReadOnlyDictionary<string, string> ModelPrecisions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Model name → what it predicts (<c>epsilon</c>, <c>v_prediction</c>) when its entry says so
    /// (<c>prediction_type:</c>); it replaces the model folder's scheduler config's. Absent: the folder decides.
    /// </summary>
    public IReadOnlyDictionary<string, string> ModelPredictionTypes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Globs (relative to the project) of spec files; default <c>**/*.yaml</c> and <c>**/*.yml</c>.
    /// Whatever the globs, assetforge.yaml, hidden files and folders, and the output and cache
    /// folders are never read as specs.
    /// </summary>
    public IReadOnlyList<string> SpecGlobs { get; init; } = ["**/*.yaml", "**/*.yml"];

    /// <summary>
    /// When set, exactly these spec files (absolute paths) are the project's specs and
    /// <see cref="SpecGlobs"/> is not used: a host that already knows the specs (the MSBuild task's
    /// <c>AssetSpec</c> items) decides which ones build.
    /// </summary>
    public IReadOnlyList<string>? SpecFiles { get; init; }

    /// <summary>Values for fields a spec leaves out (assetforge.yaml's <c>defaults:</c>); built-in defaults apply after these.</summary>
    public AssetDefaults Defaults { get; init; } = AssetDefaults.None;

    /// <summary>The shared cache behind the local one (<c>remote_cache:</c>, <c>ASSETFORGE_REMOTE_CACHE</c>); null when there is none.</summary>
    public Caching.Remote.RemoteCacheOptions? RemoteCache { get; init; }

    /// <summary>
    /// Creates the configuration of a project without assetforge.yaml: outputs in <c>out</c>, the
    /// cache in <c>.assetforge/cache</c> (or <paramref name="cacheOverride"/>), no models but the built-in ones.
    /// </summary>
    public static ProjectConfig CreateDefault(string projectDirectory, string? cacheOverride = null)
    {
        ArgumentNullException.ThrowIfNull(projectDirectory);
        var project = Path.GetFullPath(projectDirectory);
        return new ProjectConfig
        {
            ProjectDirectory = project,
            OutputDirectory = Path.Combine(project, DefaultOutputFolder),
            CacheDirectory = string.IsNullOrEmpty(cacheOverride) ? Path.GetFullPath(Path.Combine(project, DefaultCacheFolder)) : Path.GetFullPath(cacheOverride),
        };
    }
}
