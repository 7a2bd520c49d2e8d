namespace AssetForge.Cli.CommandLine;

/// <summary>The process exit codes of <c>assetforge</c> (DESIGN §8).</summary>
public static class ExitCodes
{
    /// <summary>Every asset is current.</summary>
    public const int Success = 0;

    /// <summary>Some asset failed (the others still built), or a plugin failed to load.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage (unknown verb or option, bad value) or bad configuration.</summary>
    public const int BadUsage = 2;

    /// <summary>Interrupted by Ctrl+C: 128 + SIGINT, the shell convention.</summary>
    public const int Cancelled = 130;
}
