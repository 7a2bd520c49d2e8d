namespace AssetForge.Cli.Output;

/// <summary>How much the command line prints, as in <c>dotnet build -v</c>.</summary>
public enum Verbosity
{
    /// <summary>Errors only.</summary>
    Quiet,

    /// <summary>Errors, warnings, failed assets and the summary line.</summary>
    Minimal,

    /// <summary>Also one line per asset that was generated or copied from the cache.</summary>
    Normal,

    /// <summary>Also up-to-date assets, denoising steps and the engine's informational log.</summary>
    Detailed,
}
