namespace AssetForge.Core.Plugins;

/// <summary>A component a loaded plugin contributes, for <c>assetforge plugins</c>.</summary>
/// <param name="Kind"><c>scheduler</c> or <c>model-backend</c> (later: <c>post-step</c>).</param>
/// <param name="Id">The component id.</param>
/// <param name="Version">The component version.</param>
/// <param name="Aliases">Other names (schedulers).</param>
/// <param name="PluginName">The plugin (folder) name.</param>
/// <param name="AssemblyPath">The plugin assembly.</param>
public sealed record PluginComponentInfo(string Kind, string Id, string Version, IReadOnlyList<string> Aliases, string PluginName, string AssemblyPath);
