namespace AssetForge.Onnx.Lora;

using AssetForge.Abstractions.Plugins;

/// <summary>A LoRA that cannot be merged: a key that matches no weight of the model, a missing half of a pair, shapes that do not fit.</summary>
internal sealed class LoraException(string path, string reason)
    : PluginException(ErrorCode, $"{path}: {reason}")
{
    /// <summary>AF3204 in the registry (host/AssetForge.Core/Diagnostics/DiagnosticCodes.cs).</summary>
    public static readonly string ErrorCode = DiagnosticCode.LoraUnmatched;
}
