namespace AssetForge.Onnx.Checkpoints;

using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Lora;
using AssetForge.Onnx.Safetensors;

/// <summary>
/// Compiles a single-file checkpoint in the original (LDM) key layout (<c>model.safetensors</c>,
/// with the optional original config <c>model.yaml</c> beside it) into the ONNX export layout.
/// A single file carries no tokenizer: the <c>tokenizer/</c> folder beside it is used (CLIP's
/// vocab.json and merges.txt). SDXL files (the second text encoder under the conditioner) compile
/// through <see cref="SdxlSingleFileCompiler"/>, with tokenizer_2/ beside the file as well.
/// </summary>
internal static class SingleFileCompiler
{
    /// <summary>The files besides the checkpoint that change what is compiled (all in the key).</summary>
    public static IReadOnlyList<string> SourceFiles(string checkpoint)
    {
        var files = new List<string> { checkpoint };
        var yaml = Path.ChangeExtension(checkpoint, ".yaml");
        if (File.Exists(yaml))
        {
            files.Add(yaml);
        }

        // tokenizer_2/ only exists beside SDXL files; SD 1.x/2.x keys are unchanged without it.
        foreach (var tokenizer in new[] { TokenizerFolder(checkpoint), Path.Combine(Path.GetDirectoryName(TokenizerFolder(checkpoint))!, "tokenizer_2") })
        {
            if (Directory.Exists(tokenizer))
            {
                files.AddRange(Directory.EnumerateFiles(tokenizer).Order(StringComparer.Ordinal));
            }
        }

        return files;
    }

    public static void Compile(string checkpoint, IReadOnlyList<LoraReference> loras, ModelPrecision precision, string target, CancellationToken cancellationToken)
    {
        using var file = SafetensorsFile.Open(checkpoint);
        if (LdmKeyMap.IsSdxl(file.Tensors.Keys))
        {
            SdxlSingleFileCompiler.Compile(checkpoint, file, loras, precision, target, cancellationToken);
            return;
        }

        var tokenizer = TokenizerFolder(checkpoint);
        if (!File.Exists(Path.Combine(tokenizer, "vocab.json")))
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{checkpoint}: a single-file checkpoint carries no tokenizer; put CLIP's tokenizer (vocab.json, merges.txt) in {tokenizer}.");
        }

        var original = LdmOriginalConfig.Beside(checkpoint);
        var keys = file.Tensors.Keys.ToList();
        var unet = new MappedWeights(checkpoint, file, LdmKeyMap.Unet(checkpoint, keys));
        var vae = new MappedWeights(checkpoint, file, LdmKeyMap.Vae(keys));

        // SD 2.x carries OpenCLIP's text tower (gelu), SD 1.x OpenAI's CLIP ViT-L (quick_gelu); the keys tell which.
        var openClip = OpenClipKeyMap.IsPresent(keys);
        IModelWeights plainClip = openClip
            ? new OpenClipWeights(checkpoint, file, OpenClipKeyMap.TextModel(checkpoint, keys))
            : new MappedWeights(checkpoint, file, LdmKeyMap.Clip(keys));
        foreach (var (component, weights, probe) in new (string, IModelWeights, string)[] { ("UNet", unet, "conv_in.weight"), ("VAE", vae, "decoder.conv_in.weight"), ("text encoder", plainClip, "text_model.embeddings.token_embedding.weight") })
        {
            if (!weights.Contains(probe))
            {
                throw new PluginException(ComponentConfig.ErrorCode, $"{checkpoint}: no {component} in the original (LDM) key layout ({probe} not found); not a Stable Diffusion single-file checkpoint.");
            }
        }

        using var styled = new LoraSet(loras, unet, plainClip);
        var clip = styled.TextEncoder;
        Directory.CreateDirectory(target);
        var unetJson = LdmArchitecture.UnetConfig(unet, original);
        var vaeJson = LdmArchitecture.VaeConfig(vae, original);
        var clipJson = LdmArchitecture.ClipConfig(clip, openClip ? "gelu" : "quick_gelu");
        CompiledFolderWriter.Component(target, "text_encoder", ComponentConfig.FromJson(checkpoint, clipJson), clipJson, clip, ClipTextGraph.Build, precision, cancellationToken);
        CompiledFolderWriter.Component(target, "unet", ComponentConfig.FromJson(checkpoint, unetJson), unetJson, styled.Unet, UnetGraph.Build, precision, cancellationToken);
        CompiledFolderWriter.Component(target, "vae_decoder", ComponentConfig.FromJson(checkpoint, vaeJson), vaeJson, vae, VaeGraphs.Decoder, precision, cancellationToken);
        CompiledFolderWriter.Component(target, "vae_encoder", ComponentConfig.FromJson(checkpoint, vaeJson), vaeJson, vae, VaeGraphs.Encoder, precision, cancellationToken);
        CompiledFolderWriter.CopyFolder(tokenizer, Path.Combine(target, "tokenizer"));
        Directory.CreateDirectory(Path.Combine(target, "scheduler"));
        File.WriteAllText(Path.Combine(target, "scheduler", "scheduler_config.json"), LdmArchitecture.SchedulerConfig(original));
        File.WriteAllText(Path.Combine(target, "model_index.json"), """{"_class_name": "StableDiffusionPipeline"}""");
    }

    private static string TokenizerFolder(string checkpoint) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!, "tokenizer");
}
