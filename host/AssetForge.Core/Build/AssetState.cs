namespace AssetForge.Core.Build;

/// <summary>An asset's state as <c>assetforge status</c> reports it.</summary>
public enum AssetState
{
    /// <summary>The output exists and matches the current spec's key.</summary>
    Current,

    /// <summary>The spec (or model, scheduler, plugin) changed since the output was built.</summary>
    Stale,

    /// <summary>Never built, or the output file is missing (it may still be in the cache).</summary>
    Missing,

    /// <summary>The spec is invalid.</summary>
    Invalid,
}
