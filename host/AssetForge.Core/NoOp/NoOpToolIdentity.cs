namespace AssetForge.Core.NoOp;

using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Build;

/// <summary>
/// Who wrote a no-op state: the engine's version and the module version ids of the engine and
/// contract assemblies (deterministic builds derive them from the compiled code), so any rebuilt
/// engine, whose keys may differ, proves nothing with an older state.
/// </summary>
public static class NoOpToolIdentity
{
    /// <summary>The identity of the running engine.</summary>
    public static string Current { get; } =
        $"{BuildEngine.HostVersion};{typeof(BuildEngine).Module.ModuleVersionId:N};{typeof(IPluginComponent).Module.ModuleVersionId:N}";

    /// <summary>The <c>ASSETFORGE_*</c> environment variables (cache folder, remote cache), sorted, one <c>name=value</c> a line.</summary>
    public static string Environment()
    {
        var names = new List<string>();
        var values = System.Environment.GetEnvironmentVariables();
        foreach (var name in values.Keys)
        {
            if (name is string text && text.StartsWith("ASSETFORGE_", StringComparison.Ordinal))
            {
                names.Add(text);
            }
        }

        names.Sort(StringComparer.Ordinal);
        var lines = new System.Text.StringBuilder();
        foreach (var name in names)
        {
            lines.Append(name).Append('=').Append(values[name] as string).Append('\n');
        }

        return lines.ToString();
    }
}
