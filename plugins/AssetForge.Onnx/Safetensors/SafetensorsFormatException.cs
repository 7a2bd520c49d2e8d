namespace AssetForge.Onnx.Safetensors;

using AssetForge.Abstractions.Plugins;

/// <summary>
/// A file that is not a well-formed safetensors file (truncated, a header that lies about its
/// tensors). One message names the file and the first thing wrong; the host prints it without a
/// stack trace.
/// </summary>
internal sealed class SafetensorsFormatException(string path, string reason)
    : PluginException(ErrorCode, $"{path}: not a valid safetensors file: {reason}")
{
    /// <summary>AF3201 in the registry (host/AssetForge.Core/Diagnostics/DiagnosticCodes.cs).</summary>
    public static readonly string ErrorCode = DiagnosticCode.SafetensorsMalformed;

    public string Reason { get; } = reason;
}
