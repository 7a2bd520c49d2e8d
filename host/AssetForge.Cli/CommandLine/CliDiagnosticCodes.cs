namespace AssetForge.Cli.CommandLine;

/// <summary>
/// Diagnostic codes the command line itself reports. AF00xx is the CLI's range; the engine and
/// plugins use the higher ranges.
/// </summary>
public static class CliDiagnosticCodes
{
    /// <summary>The command line could not be parsed (unknown verb or option, bad value).</summary>
    public const string BadUsage = "AF0001";

    /// <summary>The project folder does not exist.</summary>
    public const string ProjectNotFound = "AF0002";

    /// <summary>A plugin failed to load.</summary>
    public const string PluginLoadFailed = "AF0003";

    /// <summary>The folder exists but holds no assetforge.yaml, so it is not a project (nothing is read or written).</summary>
    public const string ProjectConfigNotFound = "AF0004";

    /// <summary><c>assetforge init</c> found a project already there, or could not write its files.</summary>
    public const string InitFailed = "AF0005";

    /// <summary>A bug in AssetForge or a plugin: an exception nobody turned into a diagnostic.</summary>
    public const string InternalError = "AF0099";
}
