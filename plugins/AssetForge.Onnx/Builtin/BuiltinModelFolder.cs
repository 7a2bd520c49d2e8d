namespace AssetForge.Onnx.Builtin;

using System.Security.Cryptography;
using System.Text;

/// <summary>
/// A built-in model's folder under the built-in models directory: written whole into a temporary
/// sibling and renamed into place, with a <c>.SHA256SUMS</c> manifest (the host's cache verify
/// convention) that says whether a folder found there is complete. Readers never see half a model,
/// and a concurrent writer that wins the rename is fine: every writer writes the same bytes.
/// </summary>
internal static class BuiltinModelFolder
{
    /// <summary>The manifest of every file's SHA-256 (sha256sum format); dot-named, so model fingerprints skip it.</summary>
    public const string ManifestFileName = ".SHA256SUMS";

    /// <summary>
    /// Returns <c>directory/folderName</c>, calling <paramref name="write"/> on a temporary folder and
    /// renaming it into place first unless a complete copy is already there.
    /// </summary>
    /// <param name="directory">The built-in models directory.</param>
    /// <param name="folderName">The model's folder name (versioned: a changed byte needs a new name).</param>
    /// <param name="files">Every file the model has, relative to its folder, '/'-separated; the manifest lists these.</param>
    /// <param name="write">Writes every file of <paramref name="files"/> into the given (existing, empty) folder.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static string Ensure(string directory, string folderName, IReadOnlyList<string> files, Action<string, CancellationToken> write, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        var target = Path.Combine(root, folderName);
        if (IsComplete(target, files))
        {
            return target;
        }

        Directory.CreateDirectory(root);
        var temporary = Path.Combine(root, $".{folderName}.tmp-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(temporary);
            write(temporary, cancellationToken);
            WriteManifest(temporary, files);
            if (Directory.Exists(target))
            {
                // An incomplete leftover from an older, non-atomic writer or a manual edit: replace it.
                if (IsComplete(target, files))
                {
                    return target;
                }

                Directory.Delete(target, recursive: true);
            }

            try
            {
                Directory.Move(temporary, target);
            }
            catch (IOException) when (IsComplete(target, files))
            {
                // Another process finished first; its copy is byte-identical.
            }

            return target;
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    /// <summary>Writes the manifest of <paramref name="files"/> into <paramref name="folder"/>.</summary>
    public static void WriteManifest(string folder, IReadOnlyList<string> files)
    {
        var manifest = new StringBuilder();
        foreach (var file in files)
        {
            manifest.Append(Sha256Of(Path.Combine(folder, file))).Append("  ").Append(file).Append('\n');
        }

        File.WriteAllText(Path.Combine(folder, ManifestFileName), manifest.ToString());
    }

    // Complete means every file is there with the content its manifest records: a damaged
    // unet/model.onnx once failed every generation until the cache was deleted by hand. A folder
    // without a manifest (written before it existed) is rewritten.
    private static bool IsComplete(string folder, IReadOnlyList<string> files)
    {
        var manifest = Path.Combine(folder, ManifestFileName);
        if (!File.Exists(manifest))
        {
            return false;
        }

        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(manifest))
        {
            var separator = line.IndexOf("  ", StringComparison.Ordinal);
            if (separator > 0)
            {
                expected[line[(separator + 2)..]] = line[..separator];
            }
        }

        foreach (var file in files)
        {
            var path = Path.Combine(folder, file);
            if (!expected.TryGetValue(file, out var sha256) || !File.Exists(path) || !string.Equals(Sha256Of(path), sha256, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
