namespace AssetForge.Core.Specs;

using AssetForge.Core.Diagnostics;

/// <summary>The outcome of reading assetforge.yaml: a config (null when it has errors) and diagnostics.</summary>
public sealed record ConfigLoadResult(ProjectConfig? Config, IReadOnlyList<Diagnostic> Diagnostics);
