namespace AssetForge.Core.Build;

/// <summary>One asset in <c>assetforge status</c>.</summary>
/// <param name="AssetId">The asset id.</param>
/// <param name="State">Current, stale, or output missing.</param>
/// <param name="ChangedFields">For a stale asset: which inputs changed since it was last built (e.g. <c>prompt</c>, <c>model</c>).</param>
/// <param name="OutputPath">The absolute output path.</param>
public sealed record StatusEntry(string AssetId, AssetState State, IReadOnlyList<string> ChangedFields, string OutputPath);
