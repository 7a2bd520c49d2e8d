namespace AssetForge.Onnx.Checkpoints;

using System.Globalization;
using System.Text.Json;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Graph.Builders;

/// <summary>
/// The diffusers configurations of a single-file checkpoint's components, inferred from tensor
/// shapes and key presence (widths per level, resnets per level, which levels attend, context
/// width, linear or convolutional projections, text encoder depth) as diffusers' single-file
/// loader does; attention heads and v-prediction from the original config when there is one,
/// else SD's conventions (SD 1.x: 8 heads; SD 2.x, linear projections: 64 channels per head).
/// LDM hard-codes GroupNorm's 32 groups. SDXL adds the text_time conditioning (pooled text embedding
/// and six time ids), per-level transformer depths and its own scheduler.
/// </summary>
internal static class LdmArchitecture
{
    /// <param name="pooledWidth">SDXL: the width of the pooled text embedding (text_encoder_2's projection); null for SD 1.x/2.x.</param>
    public static string UnetConfig(IModelWeights unet, LdmOriginalConfig original, int? pooledWidth = null)
    {
        var (channels, layers) = Levels(unet, "down_blocks");

        var down = new List<string>();
        var up = new List<string>();
        int? context = null;
        var linear = false;
        for (var level = 0; level < channels.Count; level++)
        {
            down.Add(unet.Contains($"down_blocks.{level}.attentions.0.norm.weight") ? "CrossAttnDownBlock2D" : "DownBlock2D");
            up.Add(unet.Contains($"up_blocks.{level}.attentions.0.norm.weight") ? "CrossAttnUpBlock2D" : "UpBlock2D");
            var attention = $"down_blocks.{level}.attentions.0";
            if (context is null && unet.Contains(attention + ".transformer_blocks.0.attn2.to_k.weight"))
            {
                context = (int)unet.Shape(attention + ".transformer_blocks.0.attn2.to_k.weight")[1];
                linear = unet.Shape(attention + ".proj_in.weight").Count == 2;
            }
        }

        var headChannels = original.NumHeadChannels ?? (original.NumHeads is null && linear ? 64 : 0);
        var heads = new int[channels.Count];
        for (var level = 0; level < heads.Length; level++)
        {
            heads[level] = headChannels > 0 ? Math.Max(1, channels[level] / headChannels) : original.NumHeads ?? 8;
        }

        var config = new Dictionary<string, object?>
        {
            ["_class_name"] = "UNet2DConditionModel",
            ["in_channels"] = (int)unet.Shape("conv_in.weight")[1],
            ["out_channels"] = (int)unet.Shape("conv_out.weight")[0],
            ["block_out_channels"] = channels,
            ["layers_per_block"] = layers,
            ["down_block_types"] = down,
            ["up_block_types"] = up,
            ["cross_attention_dim"] = context ?? 768,
            ["attention_head_dim"] = heads,
            ["use_linear_projection"] = linear,
            ["norm_num_groups"] = 32,
        };
        if (pooledWidth is { } pooled)
        {
            AddTextTime(config, unet, channels.Count, pooled);
        }

        return JsonSerializer.Serialize(config);
    }

    /// <summary>
    /// SDXL's conditioning: add_embedding's input is the pooled embedding and six time ids, each
    /// embedded sinusoidally at addition_time_embed_dim (256 in SDXL, which diffusers' single-file
    /// loader hard-codes; here it is what the weight's width says); transformer depth per level.
    /// </summary>
    private static void AddTextTime(Dictionary<string, object?> config, IModelWeights unet, int levels, int pooled)
    {
        var input = (int)unet.Shape("add_embedding.linear_1.weight")[1];
        if (input <= pooled || (input - pooled) % 6 != 0)
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{unet.Source}: '{LdmKeyMap.SdxlLabelEmbedding}' takes {input} inputs; SDXL's is the pooled text embedding ({pooled}) and six time embeddings of one width.");
        }

        var depths = new int[levels];
        for (var level = 0; level < levels; level++)
        {
            while (unet.Contains(string.Create(CultureInfo.InvariantCulture, $"down_blocks.{level}.attentions.0.transformer_blocks.{depths[level]}.norm1.weight")))
            {
                depths[level]++;
            }

            depths[level] = Math.Max(1, depths[level]);
        }

        config["transformer_layers_per_block"] = depths;
        config["addition_embed_type"] = "text_time";
        config["addition_time_embed_dim"] = (input - pooled) / 6;
        config["projection_class_embeddings_input_dim"] = input;
    }

    public static string VaeConfig(IModelWeights vae, LdmOriginalConfig original)
    {
        var (channels, layers) = Levels(vae, "encoder.down_blocks");

        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["_class_name"] = "AutoencoderKL",
            ["in_channels"] = (int)vae.Shape("encoder.conv_in.weight")[1],
            ["out_channels"] = (int)vae.Shape("decoder.conv_out.weight")[0],
            ["latent_channels"] = (int)vae.Shape("decoder.conv_in.weight")[1],
            ["block_out_channels"] = channels,
            ["layers_per_block"] = layers,
            ["down_block_types"] = channels.Select(_ => "DownEncoderBlock2D").ToList(),
            ["up_block_types"] = channels.Select(_ => "UpDecoderBlock2D").ToList(),
            ["norm_num_groups"] = 32,
            ["scaling_factor"] = original.ScaleFactor,
        });
    }

    /// <summary>
    /// The text encoder: 64-channel heads as in both CLIP ViT-L (SD 1.x, quick_gelu) and OpenCLIP
    /// ViT-H (SD 2.x, gelu), depth and widths from the weights.
    /// </summary>
    /// <param name="withProjection">SDXL's second encoder, CLIPTextModelWithProjection (its <c>text_projection.weight</c> gives projection_dim).</param>
    public static string ClipConfig(IModelWeights clip, string hiddenActivation, bool withProjection = false)
    {
        var hidden = (int)clip.Shape("text_model.embeddings.token_embedding.weight")[1];
        var layers = 0;
        while (clip.Contains(string.Create(CultureInfo.InvariantCulture, $"text_model.encoder.layers.{layers}.self_attn.q_proj.weight")))
        {
            layers++;
        }

        var config = new Dictionary<string, object?>
        {
            ["architectures"] = new[] { withProjection ? "CLIPTextModelWithProjection" : "CLIPTextModel" },
            ["hidden_size"] = hidden,
            ["num_hidden_layers"] = layers,
            ["num_attention_heads"] = Math.Max(1, hidden / 64),
            ["hidden_act"] = hiddenActivation,
            ["layer_norm_eps"] = 1e-5,
            ["vocab_size"] = (int)clip.Shape("text_model.embeddings.token_embedding.weight")[0],
        };
        if (withProjection)
        {
            config["projection_dim"] = (int)clip.Shape("text_projection.weight")[0];
        }

        return JsonSerializer.Serialize(config);
    }

    /// <summary>The output width of each down level's first resnet, and the resnets per level.</summary>
    private static (List<int> Channels, int Layers) Levels(IModelWeights weights, string downBlocks)
    {
        var channels = new List<int>();
        while (weights.Contains(Resnet(downBlocks, channels.Count, 0)))
        {
            channels.Add((int)weights.Shape(Resnet(downBlocks, channels.Count, 0))[0]);
        }

        var layers = 0;
        while (weights.Contains(Resnet(downBlocks, 0, layers)))
        {
            layers++;
        }

        return (channels, layers);
    }

    private static string Resnet(string downBlocks, int level, int layer) =>
        string.Create(CultureInfo.InvariantCulture, $"{downBlocks}.{level}.resnets.{layer}.conv1.weight");

    /// <summary>
    /// The scheduler diffusers' single-file loader makes for SDXL (v0.25.1): Euler with SD's fixed
    /// betas, leading spacing and steps_offset 1, epsilon prediction; only the step count comes
    /// from the original config.
    /// </summary>
    public static string SdxlSchedulerConfig(LdmOriginalConfig original) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["_class_name"] = "EulerDiscreteScheduler",
        ["num_train_timesteps"] = original.Timesteps,
        ["beta_start"] = 0.00085,
        ["beta_end"] = 0.012,
        ["beta_schedule"] = "scaled_linear",
        ["interpolation_type"] = "linear",
        ["prediction_type"] = "epsilon",
        ["sample_max_value"] = 1.0,
        ["set_alpha_to_one"] = false,
        ["skip_prk_steps"] = true,
        ["steps_offset"] = 1,
        ["timestep_spacing"] = "leading",
        ["clip_sample"] = false,
        ["use_karras_sigmas"] = false,
    });

    /// <summary>The scheduler diffusers' single-file loader makes: the original config's schedule, DDIM-style settings.</summary>
    public static string SchedulerConfig(LdmOriginalConfig original) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["_class_name"] = "DDIMScheduler",
        ["num_train_timesteps"] = original.Timesteps,
        ["beta_start"] = original.LinearStart,
        ["beta_end"] = original.LinearEnd,
        ["beta_schedule"] = "scaled_linear",
        ["steps_offset"] = 1,
        ["clip_sample"] = false,
        ["set_alpha_to_one"] = false,
        ["timestep_spacing"] = "leading",
        ["prediction_type"] = original.VPrediction ? "v_prediction" : "epsilon",
    });
}
