namespace AssetForge.Abstractions.Plugins;

/// <summary>
/// The version of the plugin contracts in this assembly. A plugin built against contract 1.x loads
/// in any host whose contract is 1.y with y &gt;= x; the host refuses a plugin built against another
/// major version (or a newer minor) with a clear error naming the plugin.
/// </summary>
public static class ContractVersion
{
    /// <summary>The major version: changes only when a contract changes incompatibly.</summary>
    public const int Major = 1;

    /// <summary>The minor version: grows when contracts gain members in a compatible way.</summary>
    public const int Minor = 5;

    /// <summary>The contract version as text, e.g. "1.0".</summary>
    public static string Text => $"{Major}.{Minor}";
}
