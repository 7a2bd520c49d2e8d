namespace AssetForge.Onnx.Checkpoints;

using System.Runtime.InteropServices;
using System.Text;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Builtin;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Safetensors;

/// <summary>
/// Writes a diffusers-format checkpoint with random weights and the real architecture of Stable
/// Diffusion 1.5 or 2.1 (same configs, tensor names and shapes, F32), deterministically from a
/// seed and without a download: what benchmarks and GPU checks compile and time. Its tokenizer is
/// the built-in model's byte-level vocabulary (CLIP's format and special tokens), as CLIP's own
/// 49408-token vocabulary cannot be shipped; its images are noise.
/// </summary>
internal static class RandomCheckpoint
{
    /// <summary>The architectures it writes.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["sd15", "sd21"];

    /// <summary>Writes the checkpoint into <paramref name="directory"/>, which must be empty or absent.</summary>
    /// <exception cref="PluginException">AF3203: <paramref name="like"/> is not one of <see cref="Kinds"/>, or the folder is not empty.</exception>
    public static void Write(string like, string directory, ulong seed, CancellationToken cancellationToken)
    {
        var configs = like switch
        {
            "sd15" => RandomCheckpointConfigs.Sd15,
            "sd21" => RandomCheckpointConfigs.Sd21,
            _ => throw new PluginException(ComponentConfig.ErrorCode, $"There is no architecture '{like}' to write; use one of: {string.Join(", ", Kinds)}."),
        };
        Write(configs, directory, seed, cancellationToken);
    }

    /// <summary>Writes a checkpoint of the given component configs (for tests: the tiny reference architectures).</summary>
    public static void Write(RandomCheckpointConfigs configs, string directory, ulong seed, CancellationToken cancellationToken)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{directory}: the folder is not empty; a random checkpoint is written only into an empty or new folder.");
        }

        Directory.CreateDirectory(directory);
        Text(directory, "model_index.json", configs.ModelIndex);
        Text(directory, "scheduler/scheduler_config.json", configs.Scheduler);
        Component(directory, "unet", "diffusion_pytorch_model.safetensors", configs.Unet, DiffusersTensorLayout.Unet, seed, cancellationToken);
        Component(directory, "vae", "diffusion_pytorch_model.safetensors", configs.Vae, DiffusersTensorLayout.Vae, seed, cancellationToken);
        Component(directory, "text_encoder", "model.safetensors", configs.TextEncoder, DiffusersTensorLayout.ClipText, seed, cancellationToken);
        var (merges, symbols) = TinyVocabulary.Build();
        Directory.CreateDirectory(Path.Combine(directory, "tokenizer"));
        File.WriteAllBytes(Path.Combine(directory, "tokenizer", "vocab.json"), TinyVocabulary.VocabJson(symbols));
        File.WriteAllBytes(Path.Combine(directory, "tokenizer", "merges.txt"), TinyVocabulary.MergesText(merges));
        Text(directory, "tokenizer/special_tokens_map.json", TinyModelWriter.SpecialTokensMapJson);
        Text(directory, "tokenizer/tokenizer_config.json", TinyModelWriter.TokenizerConfigJson);
    }

    private static void Component(string directory, string name, string file, string configJson, Func<ComponentConfig, List<DiffusersTensorLayout.Tensor>> layout, ulong seed, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(directory, name);
        Directory.CreateDirectory(folder);
        var configPath = Path.Combine(folder, "config.json");
        File.WriteAllText(configPath, configJson);
        var tensors = layout(ComponentConfig.FromJson(configPath, configJson));
        var headers = new List<(string Name, SafetensorsDataType DataType, IReadOnlyList<long> Shape)>(tensors.Count);
        foreach (var tensor in tensors)
        {
            headers.Add((tensor.Name, SafetensorsDataType.F32, tensor.Shape));
        }

        var buffer = Array.Empty<float>();
        SafetensorsWriter.Write(Path.Combine(folder, file), headers, (index, stream) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tensor = tensors[index];
            var count = 1L;
            foreach (var dimension in tensor.Shape)
            {
                count *= dimension;
            }

            if (buffer.Length < count)
            {
                buffer = new float[count];
            }

            var values = buffer.AsSpan(0, (int)count);
            switch (tensor.Fill)
            {
                case DiffusersTensorLayout.TensorFill.Ones:
                    values.Fill(1);
                    break;
                case DiffusersTensorLayout.TensorFill.Zeros:
                    values.Clear();
                    break;
                default:
                    // Each tensor from its own stream (seed, name): the values do not depend on the order or on the other tensors.
                    new SplitMix64(seed ^ NameHash(name + "/" + tensor.Name)).Fill(values, tensor.Scale);
                    break;
            }

            stream.Write(MemoryMarshal.AsBytes(values));
        });
    }

    // FNV-1a over the UTF-8 name: stable across runs and machines (string.GetHashCode is not).
    private static ulong NameHash(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private static void Text(string directory, string relativePath, string text)
    {
        var path = Path.Combine(directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
