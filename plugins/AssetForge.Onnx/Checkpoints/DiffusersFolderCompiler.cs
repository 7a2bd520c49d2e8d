namespace AssetForge.Onnx.Checkpoints;

using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Graph;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Lora;

/// <summary>
/// Compiles a diffusers-format folder into the ONNX export layout the pipeline opens
/// (text_encoder/, unet/, vae_decoder/, vae_encoder/ with model.onnx and external weights;
/// tokenizer/, scheduler/ and the configs copied), with AssetForge's own graph builders. An SDXL
/// folder (one with text_encoder_2/) compiles into Optimum's SDXL layout: both text encoders also
/// output their hidden states, the second its projected <c>text_embeds</c>, tokenizer_2/ is
/// copied, and the UNet takes text_embeds and time_ids as its config says.
/// </summary>
internal static class DiffusersFolderCompiler
{
    /// <summary>Writes the compiled model, with <paramref name="loras"/> merged in, into <paramref name="target"/>, which must be empty or absent.</summary>
    /// <exception cref="PluginException">A component is missing, malformed, or uses an unsupported configuration; a LoRA does not match.</exception>
    public static void Compile(string source, IReadOnlyList<LoraReference> loras, ModelPrecision precision, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        var sdxl = Directory.Exists(Path.Combine(source, "text_encoder_2"));
        Func<ComponentConfig, IModelWeights, OnnxModel> clip = (config, weights) => ClipTextGraph.Build(config, weights, hiddenStates: sdxl);
        using (var textEncoder = Weights(source, "text_encoder"))
        using (var textEncoder2 = sdxl ? Weights(source, "text_encoder_2") : null)
        using (var unet = Weights(source, "unet"))
        using (var styled = new LoraSet(loras, unet, textEncoder, textEncoder2))
        {
            Component(source, target, "text_encoder", "text_encoder", styled.TextEncoder, clip, precision, cancellationToken);
            if (styled.TextEncoder2 is { } second)
            {
                Component(source, target, "text_encoder_2", "text_encoder_2", second, clip, precision, cancellationToken);
            }

            Component(source, target, "unet", "unet", styled.Unet, UnetGraph.Build, precision, cancellationToken);
        }

        using (var vae = Weights(source, "vae"))
        {
            Component(source, target, "vae", "vae_decoder", vae, VaeGraphs.Decoder, precision, cancellationToken);
            Component(source, target, "vae", "vae_encoder", vae, VaeGraphs.Encoder, precision, cancellationToken);
        }

        CopyFolder(Path.Combine(source, "tokenizer"), Path.Combine(target, "tokenizer"), required: true);
        if (sdxl)
        {
            CopyFolder(Path.Combine(source, "tokenizer_2"), Path.Combine(target, "tokenizer_2"), required: true);
        }
        CopyFolder(Path.Combine(source, "scheduler"), Path.Combine(target, "scheduler"), required: false);
        File.Copy(Path.Combine(source, "model_index.json"), Path.Combine(target, "model_index.json"));
    }

    private static SafetensorsWeights Weights(string source, string component)
    {
        var componentDirectory = Path.Combine(source, component);
        var files = ModelSource.WeightFiles(componentDirectory);
        if (files.Count == 0)
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{componentDirectory}: the diffusers folder has no .safetensors weights for '{component}'.");
        }

        return new SafetensorsWeights(componentDirectory, files);
    }

    private static void Component(string source, string target, string from, string to, IModelWeights weights, Func<ComponentConfig, IModelWeights, OnnxModel> builder, ModelPrecision precision, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(source, from, "config.json");
        CompiledFolderWriter.Component(target, to, ComponentConfig.Load(configPath), File.ReadAllText(configPath), weights, builder, precision, cancellationToken);
    }

    private static void CopyFolder(string from, string to, bool required)
    {
        if (Directory.Exists(from))
        {
            CompiledFolderWriter.CopyFolder(from, to);
        }
        else if (required)
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{from}: the diffusers folder has no {Path.GetFileName(from)}.");
        }
    }
}
