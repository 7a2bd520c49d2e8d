namespace AssetForge.Onnx.Checkpoints;

using System.Security.Cryptography;
using System.Text;
using AssetForge.Onnx.Lora;

/// <summary>
/// Compiles a checkpoint into one folder per identity (source fingerprint, builder version,
/// precision, opset) under the folder the host gives, compiled into a temporary folder and renamed
/// into place, so a folder that exists is complete. The host runs this as the compile-model node of
/// its build graph (into a scratch folder, then keeps the result in its content store and shares it
/// through the team cache), so what decides "compile or not" is the node's key, not this folder.
/// </summary>
internal static class CompiledModelCache
{
    /// <summary>The graph builders' version: bump it whenever a builder's output changes.</summary>
    public const string BuilderVersion = "assetforge-graphs 2";

    /// <summary>The ONNX opset the graph builders write (part of the compiled model's key).</summary>
    public const long Opset = 17;

    public static string FolderName(string sourceFingerprint, ModelPrecision precision)
    {
        var identity = $"{BuilderVersion}\n{Name(precision)}\nopset {Opset}\n{sourceFingerprint}";
        return "compiled-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }

    /// <param name="sourceFingerprint">The host's hash of the source's files and of the LoRAs' content and scales.</param>
    public static string Ensure(string source, string sourceFingerprint, IReadOnlyList<LoraReference> loras, ModelPrecision precision, string directory, CancellationToken cancellationToken)
    {
        var final = Path.Combine(directory, FolderName(sourceFingerprint, precision));
        if (Directory.Exists(final))
        {
            return final;
        }

        Directory.CreateDirectory(directory);
        var temporary = final + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            if (ModelSource.Detect(source) == ModelSourceKind.SingleFile)
            {
                SingleFileCompiler.Compile(source, loras, precision, temporary, cancellationToken);
            }
            else
            {
                DiffusersFolderCompiler.Compile(source, loras, precision, temporary, cancellationToken);
            }

            try
            {
                Directory.Move(temporary, final);
            }
            catch (IOException) when (Directory.Exists(final))
            {
                // Another build compiled the same identity first; its folder is as good as ours.
            }
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }

        return final;
    }

    /// <summary>
    /// The scheduler configuration the compiled folder of <paramref name="source"/> carries, without
    /// compiling: a single file's comes from its original config (what <see cref="SingleFileCompiler"/>
    /// writes), a diffusers folder's is its own <c>scheduler/scheduler_config.json</c>.
    /// </summary>
    public static string? SchedulerConfigJson(string source)
    {
        if (ModelSource.Detect(source) == ModelSourceKind.SingleFile)
        {
            return LdmArchitecture.SchedulerConfig(LdmOriginalConfig.Beside(source));
        }

        var path = Path.Combine(source, "scheduler", "scheduler_config.json");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>The precision's name in model entries and in the identity (<c>fp32</c>, <c>fp16</c>).</summary>
    public static string Name(ModelPrecision precision) => precision == ModelPrecision.Fp16 ? "fp16" : "fp32";
}
