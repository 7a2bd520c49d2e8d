namespace AssetForge.Core.NoOp;

/// <summary>
/// The folders a host of the build watches besides the specs (what <c>--format jsonl</c>'s
/// <c>inputs</c> line reports), as the config said when the no-op state was written: a no-op
/// answered from the state reports them without reading the config.
/// </summary>
/// <param name="ConfigPath">assetforge.yaml; null when the project had none.</param>
/// <param name="OutputDirectory">The output root (absolute).</param>
/// <param name="PluginDirectories">The config's plugin folders (absolute).</param>
/// <param name="ModelDirectories">The config's model folders (absolute).</param>
public sealed record NoOpProjectLayout(string? ConfigPath, string OutputDirectory, IReadOnlyList<string> PluginDirectories, IReadOnlyList<string> ModelDirectories)
{
    /// <summary>The layout of a loaded configuration.</summary>
    public static NoOpProjectLayout Of(Specs.ProjectConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var plugins = new List<string>(config.PluginDirectories.Count);
        foreach (var directory in config.PluginDirectories)
        {
            plugins.Add(Path.GetFullPath(directory, config.ProjectDirectory));
        }

        var models = new List<string>(config.Models.Count);
        foreach (var directory in config.Models.Values)
        {
            models.Add(Path.GetFullPath(directory, config.ProjectDirectory));
        }

        return new NoOpProjectLayout(config.ConfigPath, config.OutputDirectory, plugins, models);
    }
}
