namespace AssetForge.Onnx.Graph.Builders;

using System.Globalization;

/// <summary>
/// diffusers' AutoencoderKL as the two graphs of diffusers' ONNX export: the decoder
/// (<c>latent_sample</c> → <c>sample</c>, post_quant_conv included; the caller divides by the
/// scaling factor first) and the encoder (<c>sample</c> → <c>latent_sample</c>, the mean of the
/// latent distribution, which is what img2img starts from deterministically).
/// </summary>
internal static class VaeGraphs
{
    private const float Epsilon = 1e-6f;

    public static OnnxModel Decoder(ComponentConfig config, IModelWeights weights)
    {
        var (groups, layersPerBlock, latentChannels, levels) = Settings(config);

        var g = new LayerGraph("vae_decoder", weights);
        var latent = g.Graph.Input("latent_sample", OnnxElementType.Float, "batch", latentChannels, "latent_height", "latent_width");
        var h = g.Has("post_quant_conv.weight") ? g.Conv(latent, "post_quant_conv") : latent;
        h = g.Conv(h, "decoder.conv_in");
        h = MidBlock(g, h, "decoder.mid_block", groups);
        for (var level = 0; level < levels; level++)
        {
            var prefix = Prefix("decoder.up_blocks", level);
            for (var layer = 0; layer <= layersPerBlock; layer++)
            {
                h = g.Resnet(h, Prefix(prefix + ".resnets", layer), null, groups, Epsilon);
            }

            if (g.Has(prefix + ".upsamplers.0.conv.weight"))
            {
                h = g.Conv(UnetGraph.Upsample(g, h), prefix + ".upsamplers.0.conv");
            }
        }

        h = g.Conv(g.Silu(g.GroupNorm(h, "decoder.conv_norm_out", groups, Epsilon)), "decoder.conv_out");
        g.Node("Identity", [h], outputName: "sample");
        g.Graph.Output("sample", OnnxElementType.Float, "batch", config.Int("out_channels", 3), "height", "width");
        return new OnnxModel(g.Graph.Build());
    }

    public static OnnxModel Encoder(ComponentConfig config, IModelWeights weights)
    {
        var (groups, layersPerBlock, latentChannels, levels) = Settings(config);

        var g = new LayerGraph("vae_encoder", weights);
        var sample = g.Graph.Input("sample", OnnxElementType.Float, "batch", config.Int("in_channels", 3), "height", "width");
        var h = g.Conv(sample, "encoder.conv_in");
        for (var level = 0; level < levels; level++)
        {
            var prefix = Prefix("encoder.down_blocks", level);
            for (var layer = 0; layer < layersPerBlock; layer++)
            {
                h = g.Resnet(h, Prefix(prefix + ".resnets", layer), null, groups, Epsilon);
            }

            if (g.Has(prefix + ".downsamplers.0.conv.weight"))
            {
                // diffusers pads right and bottom by one, then convolves with stride 2 and no padding.
                var padded = g.Node("Pad", [h, g.Int64s(0, 0, 0, 0, 0, 0, 1, 1)]);
                h = g.Conv(padded, prefix + ".downsamplers.0.conv", stride: 2, padding: 0);
            }
        }

        h = MidBlock(g, h, "encoder.mid_block", groups);
        h = g.Conv(g.Silu(g.GroupNorm(h, "encoder.conv_norm_out", groups, Epsilon)), "encoder.conv_out");
        if (g.Has("quant_conv.weight"))
        {
            h = g.Conv(h, "quant_conv");
        }

        // The moments are [mean, log-variance] along the channels; the mean is the first half.
        g.Node("Slice", [h, g.Int64s(0), g.Int64s(latentChannels), g.Int64s(1)], outputName: "latent_sample");
        g.Graph.Output("latent_sample", OnnxElementType.Float, "batch", latentChannels, "latent_height", "latent_width");
        return new OnnxModel(g.Graph.Build());
    }

    /// <summary>The settings both halves read, after refusing what the builders cannot do.</summary>
    private static (int Groups, int LayersPerBlock, int LatentChannels, int Levels) Settings(ComponentConfig config)
    {
        RefuseUnsupported(config);
        return (config.Int("norm_num_groups", 32), config.Int("layers_per_block", 1), config.Int("latent_channels", 4), config.Ints("block_out_channels", [64]).Count);
    }

    private static void RefuseUnsupported(ComponentConfig config)
    {
        config.Require("act_fn", config.String("act_fn", "silu") == "silu", "other than silu");
        config.Require("use_quant_conv", config.Bool("use_quant_conv", true), "false");
        foreach (var type in config.Strings("down_block_types", ["DownEncoderBlock2D"]))
        {
            config.Require("down_block_types", type == "DownEncoderBlock2D", $"entry {type}");
        }

        foreach (var type in config.Strings("up_block_types", ["UpDecoderBlock2D"]))
        {
            config.Require("up_block_types", type == "UpDecoderBlock2D", $"entry {type}");
        }
    }

    /// <summary>UNetMidBlock2D without time embedding: resnet, single-head spatial self-attention, resnet.</summary>
    private static string MidBlock(LayerGraph g, string x, string prefix, int groups)
    {
        var h = g.Resnet(x, prefix + ".resnets.0", null, groups, Epsilon);
        for (var layer = 0; g.Has(Prefix(prefix + ".attentions", layer) + ".group_norm.weight"); layer++)
        {
            var attention = Prefix(prefix + ".attentions", layer);
            var channels = g.Weights.Shape(attention + ".group_norm.weight")[0];
            var tokens = g.ToTokens(g.GroupNorm(h, attention + ".group_norm", groups, Epsilon), channels);
            h = g.Node("Add", [g.FromTokens(g.Attention(tokens, tokens, attention, heads: 1), h), h]);
            h = g.Resnet(h, Prefix(prefix + ".resnets", layer + 1), null, groups, Epsilon);
        }

        return h;
    }

    private static string Prefix(string list, int index) => string.Create(CultureInfo.InvariantCulture, $"{list}.{index}");
}
