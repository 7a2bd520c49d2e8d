namespace AssetForge.Core.Build;

using AssetForge.Core.Graph;

/// <summary>A planned project and its action graph.</summary>
/// <param name="Project">The keyed assets.</param>
/// <param name="Graph">Their nodes and targets.</param>
/// <param name="Failures">Assets that could not be keyed or lowered (diagnostics not reported yet).</param>
internal sealed record LoweredProject(LoadedProject Project, ActionGraph Graph, IReadOnlyList<AssetOutcome> Failures);
