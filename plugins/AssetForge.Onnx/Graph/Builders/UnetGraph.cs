namespace AssetForge.Onnx.Graph.Builders;

using System.Globalization;

/// <summary>
/// diffusers' UNet2DConditionModel in its Stable Diffusion 1.x/2.x and SDXL configurations, as an
/// ONNX graph with the inputs and outputs of diffusers'/Optimum's ONNX export (<c>sample</c>,
/// <c>timestep</c>, <c>encoder_hidden_states</c> → <c>out_sample</c>; SDXL's
/// <c>addition_embed_type</c> "text_time" adds <c>text_embeds</c> and <c>time_ids</c>, an LCM
/// UNet's <c>time_cond_proj_dim</c> adds <c>timestep_cond</c>). Widths, layer counts, transformer
/// depths and which blocks have attention come from the config and the weights; head counts from
/// the config.
/// </summary>
internal static class UnetGraph
{
    private static readonly string[] DefaultDownBlocks = ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"];
    private static readonly string[] DefaultUpBlocks = ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"];

    // SDXL's time ids: original size, crop top-left, target size (two each), as its pipelines pass them.
    private const int TimeIdCount = 6;

    public static OnnxModel Build(ComponentConfig config, IModelWeights weights)
    {
        RefuseUnsupported(config);
        var downBlocks = config.Strings("down_block_types", DefaultDownBlocks);
        var upBlocks = config.Strings("up_block_types", DefaultUpBlocks);
        var levels = downBlocks.Count;
        config.Require("up_block_types", upBlocks.Count == levels, "with a different count than down_block_types");
        var channels = config.Ints("block_out_channels", [320, 640, 1280, 1280]);
        config.Require("block_out_channels", channels.Count == levels, "with a different count than down_block_types");
        // diffusers' naming quirk: without num_attention_heads, attention_head_dim is the head count.
        var heads = config.IsSet("num_attention_heads") ? config.Ints("num_attention_heads", [], levels) : config.Ints("attention_head_dim", [8, 8, 8, 8], levels);
        config.Require("attention_head_dim", heads.Count == levels, "with a different count than down_block_types");
        var layersPerBlock = config.Int("layers_per_block", 2);
        var groups = config.Int("norm_num_groups", 32);
        var epsilon = config.Float("norm_eps", 1e-5f);
        var linearProjection = config.Bool("use_linear_projection", false);
        var inChannels = config.Int("in_channels", 4);
        var crossAttention = config.Int("cross_attention_dim", 1280);

        var g = new LayerGraph("unet", weights);
        var sample = g.Graph.Input("sample", OnnxElementType.Float, "batch", inChannels, "height", "width");
        var timestep = g.Graph.Input("timestep", OnnxElementType.Float, "batch");
        var context = g.Graph.Input("encoder_hidden_states", OnnxElementType.Float, "batch", "sequence", crossAttention);
        var flipSinToCos = config.Bool("flip_sin_to_cos", true);
        var frequencyShift = config.Float("freq_shift", 0f);
        // Inputs in Optimum's order: text_embeds and time_ids, then timestep_cond.
        var textTime = config.IsSet("addition_embed_type") ? TextTimeInputs(g, config) : default;
        var guidance = config.IsSet("time_cond_proj_dim") ? g.Graph.Input("timestep_cond", OnnxElementType.Float, "batch", config.Int("time_cond_proj_dim", 0)) : null;

        var time = TimeEmbedding(g, timestep, channels[0], flipSinToCos, frequencyShift, guidance);
        if (textTime.TextEmbeds is not null)
        {
            time = g.Node("Add", [time, TextTimeEmbedding(g, textTime, flipSinToCos, frequencyShift)]);
        }

        var h = g.Conv(sample, "conv_in");
        var skips = new Stack<string>();
        skips.Push(h);
        for (var level = 0; level < levels; level++)
        {
            var prefix = Prefix("down_blocks", level);
            for (var layer = 0; layer < layersPerBlock; layer++)
            {
                h = g.Resnet(h, Prefix(prefix + ".resnets", layer), time, groups, epsilon);
                if (downBlocks[level] == "CrossAttnDownBlock2D")
                {
                    h = Transformer(g, h, context, Prefix(prefix + ".attentions", layer), heads[level], groups, linearProjection);
                }

                skips.Push(h);
            }

            if (g.Has(prefix + ".downsamplers.0.conv.weight"))
            {
                h = g.Conv(h, prefix + ".downsamplers.0.conv", stride: 2, padding: 1);
                skips.Push(h);
            }
        }

        h = g.Resnet(h, "mid_block.resnets.0", time, groups, epsilon);
        for (var layer = 0; g.Has(Prefix("mid_block.attentions", layer) + ".norm.weight"); layer++)
        {
            h = Transformer(g, h, context, Prefix("mid_block.attentions", layer), heads[levels - 1], groups, linearProjection);
            h = g.Resnet(h, Prefix("mid_block.resnets", layer + 1), time, groups, epsilon);
        }

        for (var level = 0; level < levels; level++)
        {
            var prefix = Prefix("up_blocks", level);
            for (var layer = 0; layer <= layersPerBlock; layer++)
            {
                h = g.Node("Concat", [h, skips.Pop()], [OnnxAttribute.Int("axis", 1)]);
                h = g.Resnet(h, Prefix(prefix + ".resnets", layer), time, groups, epsilon);
                if (upBlocks[level] == "CrossAttnUpBlock2D")
                {
                    h = Transformer(g, h, context, Prefix(prefix + ".attentions", layer), heads[levels - 1 - level], groups, linearProjection);
                }
            }

            if (g.Has(prefix + ".upsamplers.0.conv.weight"))
            {
                h = g.Conv(Upsample(g, h), prefix + ".upsamplers.0.conv");
            }
        }

        h = g.Silu(g.GroupNorm(h, "conv_norm_out", groups, epsilon));
        g.Node("Identity", [g.Conv(h, "conv_out")], outputName: "out_sample");
        g.Graph.Output("out_sample", OnnxElementType.Float, "batch", config.Int("out_channels", 4), "height", "width");
        return new OnnxModel(g.Graph.Build()) { OtherOpsetImports = [new(LayerGraph.ContribDomain, 1)] };
    }

    /// <summary>Nearest-neighbour ×2, as torch's F.interpolate(scale_factor=2, mode="nearest").</summary>
    public static string Upsample(LayerGraph g, string x)
    {
        return g.Node("Resize", [x, "", g.Float32s(1f, 1f, 2f, 2f)], [OnnxAttribute.String("mode", "nearest"), OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"), OnnxAttribute.String("nearest_mode", "floor")]);
    }

    private static void RefuseUnsupported(ComponentConfig config)
    {
        config.Require("addition_embed_type", config.String("addition_embed_type", "text_time") == "text_time", "other than text_time (SDXL's)");
        config.Require("time_embedding_act_fn", !config.IsSet("time_embedding_act_fn"), "(an activation after the time embedding)");
        config.Require("class_embed_type", !config.IsSet("class_embed_type"), "(class conditioning)");
        config.Require("time_embedding_type", config.String("time_embedding_type", "positional") == "positional", "other than positional");
        config.Require("resnet_time_scale_shift", config.String("resnet_time_scale_shift", "default") == "default", "other than default");
        config.Require("act_fn", config.String("act_fn", "silu") == "silu", "other than silu");
        config.Require("mid_block_type", config.String("mid_block_type", "UNetMidBlock2DCrossAttn") == "UNetMidBlock2DCrossAttn", "other than UNetMidBlock2DCrossAttn");
        config.Require("only_cross_attention", !config.Bool("only_cross_attention", false), "true");
        config.Require("dual_cross_attention", !config.Bool("dual_cross_attention", false), "true");
        config.Require("encoder_hid_dim", !config.IsSet("encoder_hid_dim"), "(a projected text embedding)");
        config.Require("center_input_sample", !config.Bool("center_input_sample", false), "true");
        foreach (var type in config.Strings("down_block_types", DefaultDownBlocks))
        {
            config.Require("down_block_types", type is "CrossAttnDownBlock2D" or "DownBlock2D", $"entry {type}");
        }

        foreach (var type in config.Strings("up_block_types", DefaultUpBlocks))
        {
            config.Require("up_block_types", type is "CrossAttnUpBlock2D" or "UpBlock2D", $"entry {type}");
        }
    }

    /// <summary>
    /// diffusers' Timesteps (sinusoidal, max period 10000) then TimestepEmbedding (Linear, SiLU,
    /// Linear); an LCM UNet adds its guidance embedding, projected by <c>cond_proj</c>, to the
    /// sinusoids first.
    /// </summary>
    private static string TimeEmbedding(LayerGraph g, string timestep, int width, bool flipSinToCos, float frequencyShift, string? guidance)
    {
        var embedding = Sinusoids(g, g.Node("Unsqueeze", [timestep, g.Int64s(1)]), "time_proj", width, flipSinToCos, frequencyShift, axis: 1);
        if (guidance is not null)
        {
            embedding = g.Node("Add", [embedding, g.Linear(guidance, "time_embedding.cond_proj")]);
        }

        return g.Linear(g.Silu(g.Linear(embedding, "time_embedding.linear_1")), "time_embedding.linear_2");
    }

    /// <summary>SDXL's <c>text_embeds</c> (the pooled width is what add_embedding takes beyond the time ids' sinusoids) and <c>time_ids</c>.</summary>
    private static (string? TextEmbeds, string TimeIds, int TimeWidth) TextTimeInputs(LayerGraph g, ComponentConfig config)
    {
        config.Require("addition_time_embed_dim", config.IsSet("addition_time_embed_dim"), "missing (text_time needs it)");
        var timeWidth = config.Int("addition_time_embed_dim", 0);
        var inputWidth = (int)g.Weights.Shape("add_embedding.linear_1.weight")[1];
        var textWidth = inputWidth - (TimeIdCount * timeWidth);
        config.Require("projection_class_embeddings_input_dim", textWidth > 0, $"({inputWidth} inputs) leaves no room for a pooled text embedding beside {TimeIdCount} time ids");
        return (g.Graph.Input("text_embeds", OnnxElementType.Float, "batch", textWidth), g.Graph.Input("time_ids", OnnxElementType.Float, "batch", TimeIdCount), timeWidth);
    }

    /// <summary>
    /// SDXL's added conditioning ("text_time"): each of the six time ids (original size, crop
    /// top-left, target size) through Timesteps of addition_time_embed_dim, flattened per row and
    /// appended to the pooled text embedding, then the add_embedding TimestepEmbedding.
    /// </summary>
    private static string TextTimeEmbedding(LayerGraph g, (string? TextEmbeds, string TimeIds, int TimeWidth) inputs, bool flipSinToCos, float frequencyShift)
    {
        var timeEmbeds = Sinusoids(g, g.Node("Unsqueeze", [inputs.TimeIds, g.Int64s(2)]), "add_time_proj", inputs.TimeWidth, flipSinToCos, frequencyShift, axis: 2);
        var flattened = g.Node("Reshape", [timeEmbeds, g.Int64s(0, -1)]);
        var added = g.Node("Concat", [inputs.TextEmbeds!, flattened], [OnnxAttribute.Int("axis", -1)]);
        return g.Linear(g.Silu(g.Linear(added, "add_embedding.linear_1")), "add_embedding.linear_2");
    }

    /// <summary>
    /// diffusers' get_timestep_embedding on <paramref name="values"/> (any shape whose last axis,
    /// <paramref name="axis"/>, is 1): sines and cosines of the values times frequencies
    /// exp(−ln(10000)·i/(half − shift)), computed in float32 as torch does, so they are bit-identical.
    /// The [1, half] table and the explicit axis keep SD 1.x/2.x graphs as builder version 2 wrote them.
    /// </summary>
    private static string Sinusoids(LayerGraph g, string values, string name, int width, bool flipSinToCos, float frequencyShift, int axis)
    {
        var half = width / 2;
        var frequencies = new float[half];
        for (var i = 0; i < half; i++)
        {
            var exponent = -(float)Math.Log(10000.0) * i;
            frequencies[i] = MathF.Exp(exponent / (half - frequencyShift));
        }

        var phase = g.Node("Mul", [values, g.Graph.Initializer(name + ".frequencies", frequencies, 1, half)]);
        var (first, second) = flipSinToCos ? (g.Node("Cos", [phase]), g.Node("Sin", [phase])) : (g.Node("Sin", [phase]), g.Node("Cos", [phase]));
        return g.Node("Concat", [first, second], [OnnxAttribute.Int("axis", axis)]);
    }

    /// <summary>
    /// diffusers' Transformer2DModel (continuous input): GroupNorm (ε 1e-6), projection in (1×1
    /// conv before the token layout, or linear after it), BasicTransformerBlocks (self-attention,
    /// cross-attention, GEGLU feed-forward, each pre-LayerNorm and residual), projection out, residual.
    /// </summary>
    private static string Transformer(LayerGraph g, string x, string context, string prefix, int heads, int groups, bool linearProjection)
    {
        var channels = g.Weights.Shape(prefix + ".norm.weight")[0];
        var normalized = g.GroupNorm(x, prefix + ".norm", groups, 1e-6f);
        var inner = g.Weights.Shape(prefix + ".proj_in.weight")[0];
        var tokens = linearProjection
            ? g.Linear(g.ToTokens(normalized, channels), prefix + ".proj_in")
            : g.ToTokens(g.Conv(normalized, prefix + ".proj_in"), inner);
        for (var block = 0; g.Has(Prefix(prefix + ".transformer_blocks", block) + ".norm1.weight"); block++)
        {
            var b = Prefix(prefix + ".transformer_blocks", block);
            var n1 = g.LayerNorm(tokens, b + ".norm1", 1e-5f);
            tokens = g.Node("Add", [tokens, g.FusedAttention(n1, n1, b + ".attn1", heads)]);
            tokens = g.Node("Add", [tokens, g.FusedAttention(g.LayerNorm(tokens, b + ".norm2", 1e-5f), context, b + ".attn2", heads)]);
            tokens = g.Node("Add", [tokens, FeedForward(g, g.LayerNorm(tokens, b + ".norm3", 1e-5f), b + ".ff")]);
        }

        var output = linearProjection
            ? g.FromTokens(g.Linear(tokens, prefix + ".proj_out"), x)
            : g.Conv(g.FromTokens(tokens, x), prefix + ".proj_out");
        return g.Node("Add", [output, x]);
    }

    /// <summary>GEGLU: one projection to twice the width, split into value and gate, value·GELU(gate), then the output projection.</summary>
    private static string FeedForward(LayerGraph g, string x, string prefix)
    {
        var doubled = g.Weights.Shape(prefix + ".net.0.proj.weight")[0];
        var projected = g.Linear(x, prefix + ".net.0.proj");
        var value = g.Node("Slice", [projected, g.Int64s(0), g.Int64s(doubled / 2), g.Int64s(-1)]);
        var gate = g.Node("Slice", [projected, g.Int64s(doubled / 2), g.Int64s(doubled), g.Int64s(-1)]);
        return g.Linear(g.Node("Mul", [value, g.Gelu(gate)]), prefix + ".net.2");
    }

    private static string Prefix(string list, int index) => string.Create(CultureInfo.InvariantCulture, $"{list}.{index}");
}
