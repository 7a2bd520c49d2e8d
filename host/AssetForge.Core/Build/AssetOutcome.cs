namespace AssetForge.Core.Build;

using AssetForge.Core.Diagnostics;

/// <summary>The result of one asset in a build.</summary>
/// <param name="AssetId">The asset id (for a spec that failed before it had an id: its file path).</param>
/// <param name="Kind">What happened.</param>
/// <param name="OutputPath">The absolute output path, when known.</param>
/// <param name="ActionKey">The asset's key (hex), when computed.</param>
/// <param name="Diagnostics">Why it failed, or warnings.</param>
public sealed record AssetOutcome(
    string AssetId,
    AssetOutcomeKind Kind,
    string? OutputPath,
    string? ActionKey,
    IReadOnlyList<Diagnostic> Diagnostics);
