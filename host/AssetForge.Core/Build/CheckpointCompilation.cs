namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Hashing;

/// <summary>
/// The one place the engine turns a model source into a runnable folder: a checkpoint (a
/// diffusers folder of .safetensors, or a single LDM-layout .safetensors file) is compiled by its backend into <c>&lt;cache&gt;/models</c>,
/// keyed by the source's content fingerprint (memoised, so a second build hashes nothing) and the
/// backend's compiler version; any other folder is used as it is. In the action graph this is the
/// model's derived node: inputs the source fingerprint and compiler version, output the folder.
/// </summary>
internal static class CheckpointCompilation
{
    /// <exception cref="PluginException">AF3204: LoRAs on a model that is not a checkpoint, or a LoRA file that does not exist; AF1309: a precision other than fp32 on an ONNX export, or one the backend does not compile.</exception>
    public static async Task<string> ResolveAsync(IModelBackend backend, string path, IReadOnlyList<CheckpointLora> loras, string precision, ModelFingerprinter fingerprinter, string cacheDirectory, CancellationToken cancellationToken)
    {
        if (backend is not ICheckpointCompiler compiler || !compiler.IsCheckpoint(path))
        {
            if (precision != "fp32")
            {
                throw new PluginException(PrecisionCode, $"{path}: precision: {precision} applies to checkpoints (a diffusers folder or a .safetensors file), which AssetForge compiles; an ONNX export has the precision it was exported with.");
            }

            return loras.Count == 0 ? path : throw new PluginException(LoraCode, $"{path}: LoRAs can only be merged into a checkpoint (a diffusers folder or a .safetensors file), not into an ONNX export.");
        }

        if (!compiler.Precisions.Contains(precision))
        {
            throw new PluginException(PrecisionCode, $"{path}: the model backend compiles checkpoints in {string.Join(" or ", compiler.Precisions)}, not {precision}.");
        }

        var root = Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
        var sourceFingerprint = await fingerprinter.FingerprintFilesAsync(root, compiler.SourceFiles(path), cancellationToken).ConfigureAwait(false);
        var identity = new List<string> { CanonicalJson.String(sourceFingerprint) };
        foreach (var lora in loras)
        {
            if (!File.Exists(lora.Path))
            {
                throw new PluginException(LoraCode, $"{lora.Path}: the LoRA file does not exist.");
            }

            var content = await fingerprinter.FingerprintFilesAsync(Path.GetDirectoryName(lora.Path)!, [lora.Path], cancellationToken).ConfigureAwait(false);
            identity.Add(CanonicalJson.Array([CanonicalJson.String(content), CanonicalJson.Number(lora.Scale)]));
        }

        // Without LoRAs the identity is the source's fingerprint itself, so adding this hook changed no existing key.
        var fingerprint = loras.Count == 0 ? sourceFingerprint : ContentHash.Of(CanonicalJson.ToUtf8(CanonicalJson.Array(identity)));
        // The backend's folder name covers the precision, so the compiled model (and every key that uses it) differs per precision.
        return precision == "fp32"
            ? compiler.EnsureCompiled(path, fingerprint, loras, Path.Combine(cacheDirectory, "models"), cancellationToken)
            : compiler.EnsureCompiled(path, fingerprint, loras, precision, Path.Combine(cacheDirectory, "models"), cancellationToken);
    }

    private static readonly string LoraCode = AssetForge.Abstractions.Diagnostics.DiagnosticCode.LoraUnmatched;

    private static readonly string PrecisionCode = AssetForge.Abstractions.Diagnostics.DiagnosticCode.InvalidPrecision;

}
