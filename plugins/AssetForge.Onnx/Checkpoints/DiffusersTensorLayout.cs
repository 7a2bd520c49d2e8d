namespace AssetForge.Onnx.Checkpoints;

using System.Globalization;
using AssetForge.Onnx.Graph.Builders;

/// <summary>
/// The weights (diffusers/transformers names and shapes) of UNet2DConditionModel, AutoencoderKL
/// and CLIPTextModel in their Stable Diffusion 1.x/2.x configurations, from a component's
/// config.json: what a checkpoint of that configuration holds, for writing random-weight ones.
/// </summary>
internal static class DiffusersTensorLayout
{
    /// <summary>How a weight's values are made: all ones, all zeros, or uniform in ±<see cref="Tensor.Scale"/>.</summary>
    public enum TensorFill
    {
        Uniform,
        Ones,
        Zeros,
    }

    /// <summary>
    /// One weight: its name, shape and values' distribution, in the spirit of torch's default
    /// initialisation (uniform ±1/√fan_in for a layer's weight and bias, ones and zeros for a
    /// normalisation, standard deviation 0.02 for CLIP's embeddings), so activations stay in range.
    /// </summary>
    public readonly record struct Tensor(string Name, long[] Shape, TensorFill Fill, float Scale);

    public static List<Tensor> Unet(ComponentConfig config)
    {
        var channels = config.Ints("block_out_channels", [320, 640, 1280, 1280]);
        var down = config.Strings("down_block_types", ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"]);
        var up = config.Strings("up_block_types", ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]);
        var layers = config.Int("layers_per_block", 2);
        var cross = config.Int("cross_attention_dim", 1280);
        var linear = config.Bool("use_linear_projection", false);
        var time = 4L * channels[0];
        var t = new List<Tensor>();
        Conv(t, "conv_in", channels[0], config.Int("in_channels", 4), 3);
        Linear(t, "time_embedding.linear_1", time, channels[0]);
        Linear(t, "time_embedding.linear_2", time, time);

        long output = channels[0];
        for (var level = 0; level < channels.Count; level++)
        {
            var input = output;
            output = channels[level];
            for (var layer = 0; layer < layers; layer++)
            {
                Resnet(t, Name("down_blocks", level, "resnets", layer), layer == 0 ? input : output, output, time);
                if (down[level] == "CrossAttnDownBlock2D")
                {
                    Transformer(t, Name("down_blocks", level, "attentions", layer), output, cross, linear);
                }
            }

            if (level < channels.Count - 1)
            {
                Conv(t, Name("down_blocks", level) + ".downsamplers.0.conv", output, output, 3);
            }
        }

        var last = channels[^1];
        Resnet(t, "mid_block.resnets.0", last, last, time);
        Transformer(t, "mid_block.attentions.0", last, cross, linear);
        Resnet(t, "mid_block.resnets.1", last, last, time);

        // diffusers' up path: each level's resnets take the previous level's output (first layer) or
        // their own, concatenated with the matching skip connection of the down path.
        var reversed = channels.Reverse().ToArray();
        output = reversed[0];
        for (var level = 0; level < reversed.Length; level++)
        {
            var previous = output;
            output = reversed[level];
            long skipInput = reversed[Math.Min(level + 1, reversed.Length - 1)];
            for (var layer = 0; layer <= layers; layer++)
            {
                var skip = layer == layers ? skipInput : output;
                var resnetInput = layer == 0 ? previous : output;
                Resnet(t, Name("up_blocks", level, "resnets", layer), resnetInput + skip, output, time);
                if (up[level] == "CrossAttnUpBlock2D")
                {
                    Transformer(t, Name("up_blocks", level, "attentions", layer), output, cross, linear);
                }
            }

            if (level < reversed.Length - 1)
            {
                Conv(t, Name("up_blocks", level) + ".upsamplers.0.conv", output, output, 3);
            }
        }

        Norm(t, "conv_norm_out", channels[0]);
        Conv(t, "conv_out", config.Int("out_channels", 4), channels[0], 3);
        return t;
    }

    public static List<Tensor> Vae(ComponentConfig config)
    {
        var channels = config.Ints("block_out_channels", [128, 256, 512, 512]);
        var layers = config.Int("layers_per_block", 2);
        var latent = config.Int("latent_channels", 4);
        var t = new List<Tensor>();
        Conv(t, "encoder.conv_in", channels[0], config.Int("in_channels", 3), 3);
        long output = channels[0];
        for (var level = 0; level < channels.Count; level++)
        {
            var input = output;
            output = channels[level];
            for (var layer = 0; layer < layers; layer++)
            {
                Resnet(t, Name("encoder.down_blocks", level, "resnets", layer), layer == 0 ? input : output, output, null);
            }

            if (level < channels.Count - 1)
            {
                Conv(t, Name("encoder.down_blocks", level) + ".downsamplers.0.conv", output, output, 3);
            }
        }

        var last = channels[^1];
        VaeMid(t, "encoder.mid_block", last);
        Norm(t, "encoder.conv_norm_out", last);
        Conv(t, "encoder.conv_out", 2 * latent, last, 3);
        Conv(t, "quant_conv", 2 * latent, 2 * latent, 1);
        Conv(t, "post_quant_conv", latent, latent, 1);

        Conv(t, "decoder.conv_in", last, latent, 3);
        VaeMid(t, "decoder.mid_block", last);
        var reversed = channels.Reverse().ToArray();
        output = reversed[0];
        for (var level = 0; level < reversed.Length; level++)
        {
            var previous = output;
            output = reversed[level];
            for (var layer = 0; layer <= layers; layer++)
            {
                Resnet(t, Name("decoder.up_blocks", level, "resnets", layer), layer == 0 ? previous : output, output, null);
            }

            if (level < reversed.Length - 1)
            {
                Conv(t, Name("decoder.up_blocks", level) + ".upsamplers.0.conv", output, output, 3);
            }
        }

        Norm(t, "decoder.conv_norm_out", channels[0]);
        Conv(t, "decoder.conv_out", config.Int("out_channels", 3), channels[0], 3);
        return t;
    }

    public static List<Tensor> ClipText(ComponentConfig config)
    {
        long width = config.Int("hidden_size", 768);
        long feedForward = config.Int("intermediate_size", 3072);
        var t = new List<Tensor>
        {
            new("text_model.embeddings.token_embedding.weight", [config.Int("vocab_size", 49408), width], TensorFill.Uniform, EmbeddingScale),
            new("text_model.embeddings.position_embedding.weight", [config.Int("max_position_embeddings", 77), width], TensorFill.Uniform, EmbeddingScale),
        };
        for (var layer = 0; layer < config.Int("num_hidden_layers", 12); layer++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"text_model.encoder.layers.{layer}");
            foreach (var projection in new[] { "k_proj", "v_proj", "q_proj", "out_proj" })
            {
                Linear(t, prefix + ".self_attn." + projection, width, width);
            }

            Norm(t, prefix + ".layer_norm1", width);
            Linear(t, prefix + ".mlp.fc1", feedForward, width);
            Linear(t, prefix + ".mlp.fc2", width, feedForward);
            Norm(t, prefix + ".layer_norm2", width);
        }

        Norm(t, "text_model.final_layer_norm", width);
        return t;
    }

    // Uniform with standard deviation 0.02.
    private static readonly float EmbeddingScale = 0.02f * MathF.Sqrt(3);

    private static void Resnet(List<Tensor> t, string prefix, long input, long output, long? time)
    {
        Norm(t, prefix + ".norm1", input);
        Conv(t, prefix + ".conv1", output, input, 3);
        if (time is { } timeWidth)
        {
            Linear(t, prefix + ".time_emb_proj", output, timeWidth);
        }

        Norm(t, prefix + ".norm2", output);
        Conv(t, prefix + ".conv2", output, output, 3);
        if (input != output)
        {
            Conv(t, prefix + ".conv_shortcut", output, input, 1);
        }
    }

    private static void Transformer(List<Tensor> t, string prefix, long width, long cross, bool linearProjection)
    {
        Norm(t, prefix + ".norm", width);
        Projection(t, prefix + ".proj_in", width, linearProjection);
        var block = prefix + ".transformer_blocks.0";
        Norm(t, block + ".norm1", width);
        Attention(t, block + ".attn1", width, width);
        Norm(t, block + ".norm2", width);
        Attention(t, block + ".attn2", width, cross);
        Norm(t, block + ".norm3", width);
        Linear(t, block + ".ff.net.0.proj", 8 * width, width);
        Linear(t, block + ".ff.net.2", width, 4 * width);
        Projection(t, prefix + ".proj_out", width, linearProjection);
    }

    private static void Projection(List<Tensor> t, string prefix, long width, bool linear)
    {
        if (linear)
        {
            Linear(t, prefix, width, width);
        }
        else
        {
            Conv(t, prefix, width, width, 1);
        }
    }

    private static void Attention(List<Tensor> t, string prefix, long width, long context)
    {
        t.Add(new(prefix + ".to_q.weight", [width, width], TensorFill.Uniform, FanIn(width)));
        t.Add(new(prefix + ".to_k.weight", [width, context], TensorFill.Uniform, FanIn(context)));
        t.Add(new(prefix + ".to_v.weight", [width, context], TensorFill.Uniform, FanIn(context)));
        Linear(t, prefix + ".to_out.0", width, width);
    }

    // AutoencoderKL's mid block: resnet, single-head attention with biased projections, resnet.
    private static void VaeMid(List<Tensor> t, string prefix, long width)
    {
        Resnet(t, prefix + ".resnets.0", width, width, null);
        var attention = prefix + ".attentions.0";
        Norm(t, attention + ".group_norm", width);
        foreach (var projection in new[] { "to_q", "to_k", "to_v", "to_out.0" })
        {
            Linear(t, attention + "." + projection, width, width);
        }

        Resnet(t, prefix + ".resnets.1", width, width, null);
    }

    private static void Conv(List<Tensor> t, string prefix, long output, long input, long kernel)
    {
        t.Add(new(prefix + ".weight", [output, input, kernel, kernel], TensorFill.Uniform, FanIn(input * kernel * kernel)));
        t.Add(new(prefix + ".bias", [output], TensorFill.Uniform, FanIn(input * kernel * kernel)));
    }

    private static void Linear(List<Tensor> t, string prefix, long output, long input)
    {
        t.Add(new(prefix + ".weight", [output, input], TensorFill.Uniform, FanIn(input)));
        t.Add(new(prefix + ".bias", [output], TensorFill.Uniform, FanIn(input)));
    }

    private static void Norm(List<Tensor> t, string prefix, long width)
    {
        t.Add(new(prefix + ".weight", [width], TensorFill.Ones, 1));
        t.Add(new(prefix + ".bias", [width], TensorFill.Zeros, 0));
    }

    private static float FanIn(long inputs) => 1 / MathF.Sqrt(inputs);

    private static string Name(string blocks, int level) => string.Create(CultureInfo.InvariantCulture, $"{blocks}.{level}");

    private static string Name(string blocks, int level, string kind, int layer) => string.Create(CultureInfo.InvariantCulture, $"{blocks}.{level}.{kind}.{layer}");
}
