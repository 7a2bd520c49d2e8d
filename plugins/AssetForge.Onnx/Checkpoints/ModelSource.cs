namespace AssetForge.Onnx.Checkpoints;

/// <summary>Detects a model source's kind from its files, and finds each component's weight files.</summary>
internal static class ModelSource
{
    public static ModelSourceKind Detect(string path)
    {
        if (File.Exists(path) && path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            return ModelSourceKind.SingleFile;
        }

        if (Directory.Exists(path)
            && File.Exists(Path.Combine(path, "model_index.json"))
            && !File.Exists(Path.Combine(path, "unet", "model.onnx"))
            && File.Exists(Path.Combine(path, "unet", "config.json"))
            && WeightFiles(Path.Combine(path, "unet")).Count > 0)
        {
            return ModelSourceKind.DiffusersFolder;
        }

        return ModelSourceKind.OnnxExport;
    }

    /// <summary>The files whose content the compiled model depends on, for the source's fingerprint.</summary>
    public static IReadOnlyList<string> SourceFiles(string path) => Detect(path) switch
    {
        ModelSourceKind.SingleFile => SingleFileCompiler.SourceFiles(path),
        _ => [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)],
    };

    /// <summary>
    /// The component's .safetensors files in name order (one file, or a large model's shards).
    /// Variant files (<c>*.fp16.safetensors</c>) are used only when there are no others, as
    /// diffusers loads them only when asked.
    /// </summary>
    public static IReadOnlyList<string> WeightFiles(string componentDirectory)
    {
        if (!Directory.Exists(componentDirectory))
        {
            return [];
        }

        var plain = new List<string>();
        var variants = new List<string>();
        foreach (var file in Directory.EnumerateFiles(componentDirectory, "*.safetensors"))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            (stem.Contains('.', StringComparison.Ordinal) ? variants : plain).Add(file);
        }

        var chosen = plain.Count > 0 ? plain : variants;
        chosen.Sort(StringComparer.Ordinal);
        return chosen;
    }
}
