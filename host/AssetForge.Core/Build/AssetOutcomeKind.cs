namespace AssetForge.Core.Build;

/// <summary>What a build did for one asset.</summary>
public enum AssetOutcomeKind
{
    /// <summary>The output was already there with the right content; nothing was done.</summary>
    UpToDate,

    /// <summary>The output was (re)written from the cache without generating.</summary>
    FromCache,

    /// <summary>The asset was generated.</summary>
    Generated,

    /// <summary>The asset failed (bad spec, plugin error); others still built.</summary>
    Failed,

    /// <summary>The build was cancelled before this asset finished.</summary>
    Cancelled,
}
