namespace AssetForge.Core.Build;

/// <summary>Options of one build.</summary>
public sealed record BuildOptions
{
    /// <summary>Regenerate even when cached (the cache is then overwritten with the new results).</summary>
    public bool Force { get; init; }

    /// <summary>How many assets may be materialised/generated at once; generation itself runs one model call at a time.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Overrides the config's execution provider (<c>auto|cpu|dml|cuda</c>).</summary>
    public string? ExecutionProvider { get; init; }

    /// <summary>Restricts the build to these asset ids; null or empty builds everything.</summary>
    public IReadOnlyList<string>? AssetIds { get; init; }

    /// <summary>
    /// At most this many images per model call when the model's batch dimension is dynamic
    /// (variants and sweep cells that share size, guidance, steps and scheduler). 1 turns batching off.
    /// Batching never changes pixels: each image has its own generator.
    /// </summary>
    public int MaxBatch { get; init; } = 4;

    /// <summary>Builds only the assets whose key falls in this shard (<c>--shard i/n</c>); null builds all.</summary>
    public Shard? Shard { get; init; }

    /// <summary>
    /// Overrides the remote cache URL of assetforge.yaml and <c>ASSETFORGE_REMOTE_CACHE</c>
    /// (<c>--remote-cache</c>); <c>off</c> turns the remote off; null keeps the configured one.
    /// </summary>
    public string? RemoteCache { get; init; }

    /// <summary>
    /// Never generate: every asset must come from the cache (or be up to date), and a cache miss
    /// fails that asset with <see cref="EngineCodes.CacheMissWithGenerationOff"/>. For machines
    /// (CI) that only consume a shared cache and must not spend minutes generating by accident.
    /// </summary>
    public bool NoGenerate { get; init; }

    /// <summary>
    /// When set, exactly these spec files are built and the config's <c>specs:</c> globs are not
    /// used (the MSBuild task passes its <c>AssetSpec</c> items). Null: the globs decide.
    /// </summary>
    public IReadOnlyList<string>? SpecFiles { get; init; }
}
