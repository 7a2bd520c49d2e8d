namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;
using AssetForge.Core.Hashing;

/// <summary>
/// A checkpoint's compile into a folder its backend opens: the compile-model node of the build
/// graph (DESIGN §6). Its key is over the facts that change what is compiled (<see cref="Fields"/>:
/// the source files' content hash, each LoRA's content hash and scale, the precision, the opset,
/// the compiler's id and builder version), never over the compiled bytes, so every generation key
/// that uses it is known before anything is compiled, and an unchanged project compiles nothing.
/// </summary>
/// <param name="Key">The node's key; the model fingerprint of every generation that uses it.</param>
/// <param name="ModelName">The model's name in assetforge.yaml (for logs and errors).</param>
/// <param name="Backend">The backend that compiles and then runs it.</param>
/// <param name="Compiler">The backend's compiler.</param>
/// <param name="Source">The checkpoint (a diffusers folder or a single <c>.safetensors</c> file, absolute).</param>
/// <param name="SourceFingerprint">The identity the compiler is given: the source files' hash, with the LoRAs' hashes and scales when there are any.</param>
/// <param name="Loras">The LoRAs merged in, in order.</param>
/// <param name="Precision">The compiled precision (<c>fp32</c>, <c>fp16</c>).</param>
/// <param name="Folder">Where the compiled folder is materialised from the store for the backend to open.</param>
/// <param name="Fields">The key's inputs (field → canonical JSON), as <c>explain</c> shows them.</param>
internal sealed record ModelCompilation(
    ActionKey Key,
    string ModelName,
    IModelBackend Backend,
    ICheckpointCompiler Compiler,
    string Source,
    string SourceFingerprint,
    IReadOnlyList<CheckpointLora> Loras,
    string Precision,
    string Folder,
    IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The node's one declared output: the compiled folder, as a tree in the store.</summary>
    public const string Output = "model";
}
