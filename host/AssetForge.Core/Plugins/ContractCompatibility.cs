namespace AssetForge.Core.Plugins;

using AssetForge.Abstractions.Plugins;

/// <summary>Decides whether a plugin built against one contract version loads in this host (semver: same major, minor no newer).</summary>
public static class ContractCompatibility
{
    /// <summary>Null when a plugin built against <paramref name="major"/>.<paramref name="minor"/> is compatible; otherwise why not.</summary>
    public static string? Check(int major, int? minor)
    {
        if (major != ContractVersion.Major)
        {
            var built = minor is { } m ? $"{major}.{m}" : $"{major}.x";
            return $"it was built against plugin contract {built}, and this host offers {ContractVersion.Text}";
        }

        if (minor > ContractVersion.Minor)
        {
            return $"it needs plugin contract {major}.{minor}, newer than this host's {ContractVersion.Text}; update AssetForge";
        }

        return null;
    }
}
