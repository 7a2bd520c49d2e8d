namespace AssetForge.Abstractions.Plugins;

/// <summary>
/// Something a plugin contributes (a scheduler, a model backend, a post step). The host finds
/// public, non-abstract types implementing a component interface with a public parameterless
/// constructor in a plugin's assembly and creates one instance of each.
/// </summary>
/// <remarks>
/// <see cref="Id"/> and <see cref="Version"/> are part of every cache key the component
/// contributes to: bump the version whenever a change could alter a single output pixel.
/// </remarks>
public interface IPluginComponent
{
    /// <summary>Stable identifier, lower-case, e.g. <c>euler</c> or <c>onnx</c>.</summary>
    string Id { get; }

    /// <summary>Semantic version of the component's algorithm, e.g. <c>1.0.0</c>.</summary>
    string Version { get; }
}
