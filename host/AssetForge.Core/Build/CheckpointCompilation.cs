namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Caching;
using AssetForge.Core.Hashing;

/// <summary>
/// The one place the engine decides how a model source becomes a runnable folder: a checkpoint (a
/// diffusers folder of .safetensors, or a single LDM-layout .safetensors file) becomes a
/// <see cref="ModelCompilation"/>, the compile-model node the graph lowering adds and the executor
/// runs (or serves from the local or team cache) only when some generation needs it; any other
/// folder is used as it is. Nothing is compiled here: this hashes the source files (memoised by
/// size and time, so a second build reads nothing) and keys the compile.
/// </summary>
internal static class CheckpointCompilation
{
    /// <summary>The version of the compile node's key layout; bump it when <see cref="KeyFields"/> changes meaning.</summary>
    public const int KeySchema = 1;

    /// <returns>The compile node, or null when <paramref name="path"/> is a folder the backend opens as it is.</returns>
    /// <exception cref="PluginException">AF3204: LoRAs on a model that is not a checkpoint, or a LoRA file that does not exist; AF1309: a precision other than fp32 on an ONNX export, or one the backend does not compile.</exception>
    public static async Task<ModelCompilation?> PlanAsync(string modelName, IModelBackend backend, string path, IReadOnlyList<CheckpointLora> loras, string precision, ModelFingerprinter fingerprinter, ContentStore store, CancellationToken cancellationToken)
    {
        if (backend is not ICheckpointCompiler compiler || !compiler.IsCheckpoint(path))
        {
            if (precision != "fp32")
            {
                throw new PluginException(PrecisionCode, $"{path}: precision: {precision} applies to checkpoints (a diffusers folder or a .safetensors file), which AssetForge compiles; an ONNX export has the precision it was exported with.");
            }

            return loras.Count == 0 ? null : throw new PluginException(LoraCode, $"{path}: LoRAs can only be merged into a checkpoint (a diffusers folder or a .safetensors file), not into an ONNX export.");
        }

        if (!compiler.Precisions.Contains(precision))
        {
            throw new PluginException(PrecisionCode, $"{path}: the model backend compiles checkpoints in {string.Join(" or ", compiler.Precisions)}, not {precision}.");
        }

        var root = Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
        var sourceFingerprint = await fingerprinter.FingerprintFilesAsync(root, compiler.SourceFiles(path), cancellationToken).ConfigureAwait(false);
        var identity = new List<string> { CanonicalJson.String(sourceFingerprint) };
        var loraFacts = new List<string>(loras.Count);
        foreach (var lora in loras)
        {
            if (!File.Exists(lora.Path))
            {
                throw new PluginException(LoraCode, $"{lora.Path}: the LoRA file does not exist.");
            }

            var content = await fingerprinter.FingerprintFilesAsync(Path.GetDirectoryName(lora.Path)!, [lora.Path], cancellationToken).ConfigureAwait(false);
            var fact = CanonicalJson.Array([CanonicalJson.String(content), CanonicalJson.Number(lora.Scale)]);
            identity.Add(fact);
            loraFacts.Add(fact);
        }

        // The compiler's own identity for its folder names: the source's fingerprint, or with LoRAs that and theirs.
        var compilerIdentity = loras.Count == 0 ? sourceFingerprint : ContentHash.Of(CanonicalJson.ToUtf8(CanonicalJson.Array(identity)));
        var fields = KeyFields(backend.Id, compiler, precision, sourceFingerprint, loraFacts);
        var key = ActionKey.FromCanonical(CanonicalJson.Object(fields));
        return new ModelCompilation(key, modelName, backend, compiler, path, compilerIdentity, loras, precision, store.FolderPath(key), fields);
    }

    // What changes the compiled bytes, and nothing else: not the backend's release version (a host
    // or plugin update that leaves the builders alone keeps every compiled model), not paths.
    private static SortedDictionary<string, string> KeyFields(string backendId, ICheckpointCompiler compiler, string precision, string sourceFingerprint, List<string> loraFacts) =>
        new(StringComparer.Ordinal)
        {
            ["action"] = CanonicalJson.String("compile-model"),
            ["schema"] = CanonicalJson.Number(KeySchema),
            ["compiler"] = CanonicalJson.String(backendId),
            ["builder_version"] = CanonicalJson.String(compiler.CompilerVersion),
            ["opset"] = compiler.Opset is { } opset ? CanonicalJson.Number(opset) : "null",
            ["precision"] = CanonicalJson.String(precision),
            ["source"] = CanonicalJson.String(sourceFingerprint),
            ["loras"] = CanonicalJson.Array(loraFacts),
        };

    private static readonly string LoraCode = AssetForge.Abstractions.Diagnostics.DiagnosticCode.LoraUnmatched;

    private static readonly string PrecisionCode = AssetForge.Abstractions.Diagnostics.DiagnosticCode.InvalidPrecision;
}
