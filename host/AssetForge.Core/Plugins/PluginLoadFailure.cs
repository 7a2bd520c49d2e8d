namespace AssetForge.Core.Plugins;

/// <summary>A plugin that did not load, and why (one sentence, no stack trace).</summary>
public sealed record PluginLoadFailure(string PluginPath, string Reason);
