namespace AssetForge.Onnx.Checkpoints;

using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Graph;
using AssetForge.Onnx.Graph.Builders;

/// <summary>
/// Compiles a diffusers-format folder into the ONNX export layout the pipeline opens
/// (text_encoder/, unet/, vae_decoder/, vae_encoder/ with model.onnx and external weights;
/// tokenizer/, scheduler/ and the configs copied), with AssetForge's own graph builders.
/// </summary>
internal static class DiffusersFolderCompiler
{
    /// <summary>Writes the compiled model into <paramref name="target"/>, which must be empty or absent.</summary>
    /// <exception cref="PluginException">A component is missing, malformed, or uses an unsupported configuration.</exception>
    public static void Compile(string source, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        Component(source, target, "text_encoder", "text_encoder", ClipTextGraph.Build, cancellationToken);
        Component(source, target, "unet", "unet", UnetGraph.Build, cancellationToken);
        Component(source, target, "vae", "vae_decoder", VaeGraphs.Decoder, cancellationToken);
        Component(source, target, "vae", "vae_encoder", VaeGraphs.Encoder, cancellationToken);
        CopyFolder(Path.Combine(source, "tokenizer"), Path.Combine(target, "tokenizer"), required: true);
        CopyFolder(Path.Combine(source, "scheduler"), Path.Combine(target, "scheduler"), required: false);
        File.Copy(Path.Combine(source, "model_index.json"), Path.Combine(target, "model_index.json"));
    }

    private static void Component(string source, string target, string from, string to, Func<ComponentConfig, IModelWeights, OnnxModel> builder, CancellationToken cancellationToken)
    {
        var componentDirectory = Path.Combine(source, from);
        var files = ModelSource.WeightFiles(componentDirectory);
        if (files.Count == 0)
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{componentDirectory}: the diffusers folder has no .safetensors weights for '{from}'.");
        }

        var configPath = Path.Combine(componentDirectory, "config.json");
        var config = ComponentConfig.Load(configPath);
        using var weights = new SafetensorsWeights(componentDirectory, files);
        CompiledFolderWriter.Component(target, to, config, File.ReadAllText(configPath), weights, builder, cancellationToken);
    }

    private static void CopyFolder(string from, string to, bool required)
    {
        if (Directory.Exists(from))
        {
            CompiledFolderWriter.CopyFolder(from, to);
        }
        else if (required)
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{from}: the diffusers folder has no tokenizer.");
        }
    }
}
