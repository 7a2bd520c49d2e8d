namespace AssetForge.Cli.Output;

/// <summary>How a verb writes to the console.</summary>
public sealed record OutputOptions
{
    /// <summary>How much to print.</summary>
    public Verbosity Verbosity { get; init; } = Verbosity.Normal;

    /// <summary>
    /// Draw live progress and tables (stdout is an interactive terminal); otherwise print plain,
    /// one-line-per-event text that logs and CI read well.
    /// </summary>
    public bool Interactive { get; init; }
}
