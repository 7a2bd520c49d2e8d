namespace AssetForge.Abstractions.Plugins;

/// <summary>
/// Declares the contract version a plugin assembly was built against, so the host can refuse a
/// plugin that needs a newer minor version than it offers. Write it as
/// <c>[assembly: PluginContract(ContractVersion.Major, ContractVersion.Minor)]</c>: the constants
/// are copied into the plugin when it compiles. Without it, the host checks only the major version
/// of the AssetForge.Abstractions assembly the plugin references.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class PluginContractAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="major">The contract's major version the plugin was built against.</param>
    /// <param name="minor">The contract's minor version the plugin was built against.</param>
    public PluginContractAttribute(int major, int minor)
    {
        Major = major;
        Minor = minor;
    }

    /// <summary>The major version.</summary>
    public int Major { get; }

    /// <summary>The minor version.</summary>
    public int Minor { get; }
}
