namespace AssetForge.Onnx.Graph.Builders;

using AssetForge.Abstractions.Plugins;

/// <summary>A weight the model's configuration needs is not in its checkpoint (a truncated file, a config for another architecture).</summary>
internal sealed class MissingWeightException(string source, string name)
    : PluginException(ErrorCode, $"{source}: the checkpoint has no weight '{name}', which its configuration needs.")
{
    /// <summary>AF3202 in the registry (host/AssetForge.Core/Diagnostics/DiagnosticCodes.cs).</summary>
    public static readonly string ErrorCode = DiagnosticCode.CheckpointWeightMissing;
}
