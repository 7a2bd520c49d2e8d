namespace AssetForge.Onnx.Checkpoints;

using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Graph;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Lora;
using AssetForge.Onnx.Safetensors;

/// <summary>
/// Compiles an SDXL base single file (Stability's SGM key layout, as A1111 and ComfyUI users
/// download it) into the layout <see cref="DiffusersFolderCompiler"/> gives an SDXL folder:
/// text_encoder/ (CLIP ViT-L from <c>conditioner.embedders.0.transformer</c>), text_encoder_2/
/// (OpenCLIP bigG from <c>conditioner.embedders.1.model</c>, with its projection), both with hidden
/// states; a text_time UNet; the VAE; tokenizer/ and tokenizer_2/ from beside the file; SDXL's Euler
/// scheduler and a StableDiffusionXLPipeline model_index.json with force_zeros_for_empty_prompt,
/// as diffusers' single-file loader builds the pipeline (v0.25.1, convert_from_ckpt.py).
/// </summary>
internal static class SdxlSingleFileCompiler
{
    private const string TextEncoderProbe = "text_model.embeddings.token_embedding.weight";

    public static void Compile(string checkpoint, SafetensorsFile file, IReadOnlyList<LoraReference> loras, ModelPrecision precision, string target, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
        foreach (var tokenizer in new[] { "tokenizer", "tokenizer_2" })
        {
            if (!File.Exists(Path.Combine(directory, tokenizer, "vocab.json")))
            {
                throw new PluginException(ComponentConfig.ErrorCode, $"{checkpoint}: a single-file checkpoint carries no tokenizer; SDXL needs CLIP's tokenizer (vocab.json, merges.txt) in {Path.Combine(directory, "tokenizer")} and bigG's (padding with '!') in {Path.Combine(directory, "tokenizer_2")}.");
            }
        }

        var original = LdmOriginalConfig.Beside(checkpoint, LdmOriginalConfig.Sdxl);
        var keys = file.Tensors.Keys.ToList();
        var unet = new MappedWeights(checkpoint, file, LdmKeyMap.Unet(checkpoint, keys, sdxl: true));
        var vae = new MappedWeights(checkpoint, file, LdmKeyMap.Vae(keys));
        var plainClip = new MappedWeights(checkpoint, file, LdmKeyMap.Clip(keys, LdmKeyMap.SdxlClipPrefix));
        var openClip = new OpenClipWeights(checkpoint, file, OpenClipKeyMap.TextModel(checkpoint, keys, LdmKeyMap.SdxlOpenClipPrefix, sdxl: true));
        foreach (var (component, weights, probe, key) in new (string, IModelWeights, string, string)[]
        {
            ("UNet", unet, "conv_in.weight", LdmKeyMap.UnetPrefix + "input_blocks.0.0.weight"),
            ("UNet's text_time embedding", unet, "add_embedding.linear_1.weight", LdmKeyMap.SdxlLabelEmbedding),
            ("VAE", vae, "decoder.conv_in.weight", LdmKeyMap.VaePrefix + "decoder.conv_in.weight"),
            ("first text encoder", plainClip, TextEncoderProbe, LdmKeyMap.SdxlClipPrefix + TextEncoderProbe),
            ("second text encoder", openClip, TextEncoderProbe, LdmKeyMap.SdxlOpenClipPrefix + "token_embedding.weight"),
            ("second text encoder's projection", openClip, "text_projection.weight", LdmKeyMap.SdxlOpenClipPrefix + "text_projection"),
        })
        {
            if (!weights.Contains(probe))
            {
                throw new PluginException(ComponentConfig.ErrorCode, $"{checkpoint}: the SDXL file has no {component} ('{key}' not found).");
            }
        }

        CheckWidths(checkpoint, unet, plainClip, openClip);
        using var styled = new LoraSet(loras, unet, plainClip, openClip);
        var second = styled.TextEncoder2!;
        Directory.CreateDirectory(target);
        var pooled = (int)second.Shape("text_projection.weight")[0];
        var unetJson = LdmArchitecture.UnetConfig(unet, original, pooled);
        var vaeJson = LdmArchitecture.VaeConfig(vae, original);
        var clipJson = LdmArchitecture.ClipConfig(styled.TextEncoder, "quick_gelu");
        var clip2Json = LdmArchitecture.ClipConfig(second, "gelu", withProjection: true);
        Func<ComponentConfig, IModelWeights, OnnxModel> clip = (config, weights) => ClipTextGraph.Build(config, weights, hiddenStates: true);
        CompiledFolderWriter.Component(target, "text_encoder", ComponentConfig.FromJson(checkpoint, clipJson), clipJson, styled.TextEncoder, clip, precision, cancellationToken);
        CompiledFolderWriter.Component(target, "text_encoder_2", ComponentConfig.FromJson(checkpoint, clip2Json), clip2Json, second, clip, precision, cancellationToken);
        CompiledFolderWriter.Component(target, "unet", ComponentConfig.FromJson(checkpoint, unetJson), unetJson, styled.Unet, UnetGraph.Build, precision, cancellationToken);
        CompiledFolderWriter.Component(target, "vae_decoder", ComponentConfig.FromJson(checkpoint, vaeJson), vaeJson, vae, VaeGraphs.Decoder, precision, cancellationToken);
        CompiledFolderWriter.Component(target, "vae_encoder", ComponentConfig.FromJson(checkpoint, vaeJson), vaeJson, vae, VaeGraphs.Encoder, precision, cancellationToken);
        CompiledFolderWriter.CopyFolder(Path.Combine(directory, "tokenizer"), Path.Combine(target, "tokenizer"));
        CompiledFolderWriter.CopyFolder(Path.Combine(directory, "tokenizer_2"), Path.Combine(target, "tokenizer_2"));
        Directory.CreateDirectory(Path.Combine(target, "scheduler"));
        File.WriteAllText(Path.Combine(target, "scheduler", "scheduler_config.json"), LdmArchitecture.SdxlSchedulerConfig(original));
        File.WriteAllText(Path.Combine(target, "model_index.json"), """
            {"_class_name": "StableDiffusionXLPipeline", "force_zeros_for_empty_prompt": true,
             "scheduler": ["diffusers", "EulerDiscreteScheduler"], "text_encoder": ["transformers", "CLIPTextModel"],
             "text_encoder_2": ["transformers", "CLIPTextModelWithProjection"], "tokenizer": ["transformers", "CLIPTokenizer"],
             "tokenizer_2": ["transformers", "CLIPTokenizer"], "unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"]}
            """);
    }

    /// <summary>
    /// The widths that tie the parts together, checked before any graph is built so that a file
    /// assembled from mismatched parts is refused naming the tensor: the projection reads bigG's
    /// width, and the UNet's cross-attention reads both encoders' widths side by side.
    /// </summary>
    private static void CheckWidths(string checkpoint, MappedWeights unet, IModelWeights plainClip, IModelWeights openClip)
    {
        var width1 = plainClip.Shape(TextEncoderProbe)[1];
        var width2 = openClip.Shape(TextEncoderProbe)[1];
        var projection = openClip.Shape("text_projection.weight");
        if (projection[1] != width2)
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{checkpoint}: '{LdmKeyMap.SdxlOpenClipPrefix}text_projection' has shape [{projection[1]}, {projection[0]}]; it projects the second text encoder's width {width2}, so its first dimension must be {width2}.");
        }

        foreach (var name in unet.Names)
        {
            if (name.EndsWith(".attn2.to_k.weight", StringComparison.Ordinal))
            {
                var context = unet.Shape(name)[1];
                if (context != width1 + width2)
                {
                    throw new PluginException(ComponentConfig.ErrorCode, $"{checkpoint}: '{unet.Key(name)}' reads a context of {context} channels; SDXL's context is both text encoders' hidden states side by side ({width1} + {width2}).");
                }

                break;
            }
        }
    }
}
