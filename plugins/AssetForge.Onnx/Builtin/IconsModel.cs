namespace AssetForge.Onnx.Builtin;

using System.Reflection;
using System.Security.Cryptography;
using System.Text;

/// <summary>
/// <c>builtin:icons</c>: a tiny Stable Diffusion model trained on procedural 64×64 game art by
/// tools/icons/train.py (real UNet2DConditionModel, AutoencoderKL and CLIP text architectures,
/// about 21 MB of float16 weights in a diffusers folder). The folder is embedded in this assembly
/// and written out on first use; from there it is an ordinary diffusers checkpoint folder, which
/// the checkpoint path compiles and caches like any other model.
/// </summary>
/// <remarks>
/// The embedded <c>.SHA256SUMS</c> (written by the training script's export) lists the files and
/// names the folder: retraining changes the folder name by itself, so an old copy in a cache is
/// never mistaken for the new weights.
/// </remarks>
internal static class IconsModel
{
    private const string ResourcePrefix = "AssetForge.Onnx.Builtin.Icons/";

    /// <summary>Returns the model's folder under <paramref name="directory"/>, writing it first unless a complete copy is there.</summary>
    /// <param name="directory">The built-in models directory.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static string Ensure(string directory, CancellationToken cancellationToken)
    {
        var manifest = ReadResource(BuiltinModelFolder.ManifestFileName);
        var files = FilesOf(manifest);
        var folderName = "builtin-icons-" + Convert.ToHexStringLower(SHA256.HashData(manifest))[..12];
        return BuiltinModelFolder.Ensure(directory, folderName, files, (folder, token) => Write(folder, files, token), cancellationToken);
    }

    private static void Write(string folder, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var source = OpenResource(file);
            using var target = File.Create(path);
            source.CopyTo(target);
        }
    }

    private static List<string> FilesOf(byte[] manifest)
    {
        var files = new List<string>();
        foreach (var line in Encoding.UTF8.GetString(manifest).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = line.IndexOf("  ", StringComparison.Ordinal);
            if (separator <= 0 || line.Contains("..", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"builtin:icons' embedded manifest has a malformed line: '{line}'.");
            }

            files.Add(line[(separator + 2)..]);
        }

        return files;
    }

    private static byte[] ReadResource(string file)
    {
        using var stream = OpenResource(file);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static Stream OpenResource(string file) =>
        typeof(IconsModel).Assembly.GetManifestResourceStream(ResourcePrefix + file)
        ?? throw new InvalidDataException($"builtin:icons' file '{file}' is not embedded in {typeof(IconsModel).Assembly.GetName().Name}: the plugin was built without tools/icons' export.");
}
