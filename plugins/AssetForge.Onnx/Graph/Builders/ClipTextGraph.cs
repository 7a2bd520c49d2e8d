namespace AssetForge.Onnx.Graph.Builders;

using System.Globalization;

/// <summary>
/// transformers' CLIPTextModel (SD 1.x's ViT-L/14 with quick_gelu, SD 2.x's OpenCLIP ViT-H with
/// gelu and its layer count from the config) as the graph of diffusers' ONNX export:
/// <c>input_ids</c> (int32) → <c>last_hidden_state</c>, <c>pooler_output</c>. A checkpoint with
/// <c>text_projection.weight</c> is CLIPTextModelWithProjection (SDXL's second encoder): its
/// pooled output is projected (no bias) and named <c>text_embeds</c>, as Optimum exports it.
/// </summary>
internal static class ClipTextGraph
{
    private const string Prefix = "text_model.";
    private const string Projection = "text_projection";

    public static OnnxModel Build(ComponentConfig config, IModelWeights weights) => Build(config, weights, hiddenStates: false);

    /// <param name="hiddenStates">
    /// Also output transformers' hidden_states as Optimum's SDXL export does: <c>hidden_states.0</c>
    /// (the embeddings) … <c>hidden_states.N</c> (the last layer, before the final layer norm);
    /// SDXL's pipeline reads the penultimate one.
    /// </param>
    public static OnnxModel Build(ComponentConfig config, IModelWeights weights, bool hiddenStates)
    {
        var activation = config.String("hidden_act", "quick_gelu");
        config.Require("hidden_act", activation is "quick_gelu" or "gelu", $"'{activation}'");
        var heads = config.Int("num_attention_heads", 8);
        var epsilon = config.Float("layer_norm_eps", 1e-5f);
        var layers = config.Int("num_hidden_layers", 12);
        var hidden = weights.Shape(Prefix + "embeddings.token_embedding.weight")[1];
        var positions = (int)weights.Shape(Prefix + "embeddings.position_embedding.weight")[0];

        var g = new LayerGraph("text_encoder", weights);
        var ids = g.Graph.Input("input_ids", OnnxElementType.Int32, "batch", "sequence");
        var length = g.Node("Slice", [g.Node("Shape", [ids]), g.Int64s(1), g.Int64s(2)]);
        var tokens = g.Node("Gather", [g.Weight(Prefix + "embeddings.token_embedding.weight"), ids], [OnnxAttribute.Int("axis", 0)]);
        var positionTable = g.Weight(Prefix + "embeddings.position_embedding.weight");
        var h = g.Node("Add", [tokens, g.Node("Slice", [positionTable, g.Int64s(0), length, g.Int64s(0)])]);

        // Causal mask: a token attends to itself and those before it (transformers adds float32's minimum above the diagonal).
        var mask = new float[positions * positions];
        for (var row = 0; row < positions; row++)
        {
            for (var column = row + 1; column < positions; column++)
            {
                mask[(row * positions) + column] = float.MinValue;
            }
        }

        var squareLength = g.Node("Concat", [length, length], [OnnxAttribute.Int("axis", 0)]);
        var causal = g.Node("Slice", [g.Graph.Initializer("causal_mask", mask, positions, positions), g.Int64s(0, 0), squareLength, g.Int64s(0, 1)]);
        var projected = weights.Contains(Projection + ".weight");
        var withProjection = config.Strings("architectures", []).Contains("CLIPTextModelWithProjection");
        if (withProjection && !projected)
        {
            throw new MissingWeightException(weights.Source, Projection + ".weight (the config says CLIPTextModelWithProjection)");
        }

        List<string> states = [];
        for (var layer = 0; layer < layers; layer++)
        {
            states.Add(h);
            var p = string.Create(CultureInfo.InvariantCulture, $"{Prefix}encoder.layers.{layer}");
            var normalized = g.LayerNorm(h, p + ".layer_norm1", epsilon);
            var attention = p + ".self_attn";
            h = g.Node("Add", [h, g.MultiHeadAttention(normalized, normalized, heads, attention + ".q_proj", attention + ".k_proj", attention + ".v_proj", attention + ".out_proj", causal)]);
            var fc1 = g.Linear(g.LayerNorm(h, p + ".layer_norm2", epsilon), p + ".mlp.fc1");
            var activated = activation == "gelu" ? g.Gelu(fc1) : g.Node("Mul", [fc1, g.Node("Sigmoid", [g.Node("Mul", [fc1, g.Float(1.702f)])])]);
            h = g.Node("Add", [h, g.Linear(activated, p + ".mlp.fc2")]);
        }

        states.Add(h);
        g.Node("Identity", [g.LayerNorm(h, Prefix + "final_layer_norm", epsilon)], outputName: "last_hidden_state");

        // The pooled output is the end-of-text token's state; in CLIP's vocabulary it has the largest id.
        var endOfText = g.Node("ArgMax", [g.Node("Cast", [ids], [OnnxAttribute.Int("to", (long)OnnxElementType.Float)])], [OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1)]);
        var pooled = g.Node("GatherND", ["last_hidden_state", endOfText], [OnnxAttribute.Int("batch_dims", 1)], projected ? null : "pooler_output");
        if (projected)
        {
            g.Node("Identity", [g.Linear(pooled, Projection)], outputName: "text_embeds");
            g.Graph.Output("text_embeds", OnnxElementType.Float, "batch", weights.Shape(Projection + ".weight")[0]);
        }

        g.Graph.Output("last_hidden_state", OnnxElementType.Float, "batch", "sequence", hidden);
        if (!projected)
        {
            g.Graph.Output("pooler_output", OnnxElementType.Float, "batch", hidden);
        }

        for (var i = 0; hiddenStates && i < states.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"hidden_states.{i}");
            g.Node("Identity", [states[i]], outputName: name);
            g.Graph.Output(name, OnnxElementType.Float, "batch", "sequence", hidden);
        }

        return new OnnxModel(g.Graph.Build());
    }
}
