namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;
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
    public static async Task<string> ResolveAsync(IModelBackend backend, string path, ModelFingerprinter fingerprinter, string cacheDirectory, CancellationToken cancellationToken)
    {
        if (backend is not ICheckpointCompiler compiler || !compiler.IsCheckpoint(path))
        {
            return path;
        }

        var root = Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
        var sourceFingerprint = await fingerprinter.FingerprintFilesAsync(root, compiler.SourceFiles(path), cancellationToken).ConfigureAwait(false);
        return compiler.EnsureCompiled(path, sourceFingerprint, Path.Combine(cacheDirectory, "models"), cancellationToken);
    }
}
