namespace AssetForge.Core.Plugins;

/// <summary>What <c>assetforge plugins</c> shows: loaded components and failed plugins.</summary>
public sealed record PluginReport(IReadOnlyList<PluginComponentInfo> Components, IReadOnlyList<PluginLoadFailure> Failures);
