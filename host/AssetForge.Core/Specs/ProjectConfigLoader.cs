namespace AssetForge.Core.Specs;

/// <summary>Reads and validates a project's assetforge.yaml.</summary>
public static class ProjectConfigLoader
{
    /// <summary>The config file name at a project's root.</summary>
    public const string FileName = "assetforge.yaml";

    /// <summary>Loads <paramref name="projectDirectory"/>/assetforge.yaml (defaults when absent).</summary>
    public static ConfigLoadResult Load(string projectDirectory) =>
        throw new NotImplementedException("TODO(spec helper)");
}
