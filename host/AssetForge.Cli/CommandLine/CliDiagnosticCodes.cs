namespace AssetForge.Cli.CommandLine;

/// <summary>
/// The command line's names for the codes it reports (AF00xx, and AF3100 for a plugin that did not
/// load). Every value is a code of the one registry, <see cref="DiagnosticCode"/>, which says what
/// it means.
/// </summary>
public static class CliDiagnosticCodes
{
    /// <summary>The command line could not be parsed (unknown verb or option, bad value).</summary>
    public const string BadUsage = "AF0001";

    /// <summary>The project folder does not exist.</summary>
    public const string ProjectNotFound = "AF0002";

    /// <summary>A plugin failed to load.</summary>
    public const string PluginLoadFailed = "AF3100";

    /// <summary>The folder exists but holds no assetforge.yaml, so it is not a project (nothing is read or written).</summary>
    public const string ProjectConfigNotFound = "AF0004";

    /// <summary><c>assetforge init</c> found a project already there, or could not write its files.</summary>
    public const string InitFailed = "AF0005";

    /// <summary>A bug in AssetForge or a plugin: an exception nobody turned into a diagnostic.</summary>
    public const string InternalError = "AF0099";
}
