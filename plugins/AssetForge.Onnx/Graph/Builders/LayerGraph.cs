namespace AssetForge.Onnx.Graph.Builders;

using System.Globalization;

/// <summary>
/// The torch layers Stable Diffusion's components are made of (Conv2d, Linear, GroupNorm,
/// LayerNorm, attention, ResnetBlock2D), emitted as ONNX nodes whose initializers are the
/// checkpoint's weights under their diffusers names. Shapes are taken from the weights, so one
/// builder serves every width and layer count a configuration may have.
/// </summary>
internal sealed class LayerGraph(string name, IModelWeights weights)
{
    /// <summary>ONNX Runtime's operator set of fused operators (version 1).</summary>
    public const string ContribDomain = "com.microsoft";

    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);

    public OnnxGraphBuilder Graph { get; } = new(name);

    public IModelWeights Weights { get; } = weights;

    public bool Has(string weight) => Weights.Contains(weight);

    /// <summary>An int64 constant, one initializer per distinct value.</summary>
    public string Int64s(params long[] values)
    {
        var key = "i" + string.Join(',', values);
        if (!_constants.TryGetValue(key, out var constant))
        {
            constant = Graph.Initializer(string.Create(CultureInfo.InvariantCulture, $"const_i64_{_constants.Count}"), values, values.Length);
            _constants.Add(key, constant);
        }

        return constant;
    }

    /// <summary>A float32 scalar constant, one initializer per distinct value.</summary>
    public string Float(float value) => Float32s([value], scalar: true);

    /// <summary>A 1-D float32 constant, one initializer per distinct value.</summary>
    public string Float32s(params float[] values) => Float32s(values, scalar: false);

    private string Float32s(ReadOnlySpan<float> values, bool scalar)
    {
        var key = (scalar ? "s" : "f") + string.Join(',', values.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        if (!_constants.TryGetValue(key, out var constant))
        {
            var constantName = string.Create(CultureInfo.InvariantCulture, $"const_f32_{_constants.Count}");
            constant = scalar ? Graph.Initializer(constantName, values) : Graph.Initializer(constantName, values, values.Length);
            _constants.Add(key, constant);
        }

        return constant;
    }

    public string Weight(string weight) => Graph.Initializer(weight, Weights.Floats(weight), [.. Weights.Shape(weight)]);

    public string Node(string opType, IReadOnlyList<string> inputs, IReadOnlyList<OnnxAttribute>? attributes = null, string? outputName = null) =>
        Graph.Node(opType, inputs, attributes, outputName);

    /// <summary>torch.nn.Conv2d with square kernel from the weight; padding keeps the size at stride 1 unless given.</summary>
    public string Conv(string x, string prefix, int stride = 1, int? padding = null)
    {
        var kernel = Weights.Shape(prefix + ".weight")[2];
        var pad = padding ?? (int)(kernel / 2);
        List<string> inputs = [x, Weight(prefix + ".weight")];
        if (Has(prefix + ".bias"))
        {
            inputs.Add(Weight(prefix + ".bias"));
        }

        return Node("Conv", inputs, [OnnxAttribute.IntList("kernel_shape", kernel, kernel), OnnxAttribute.IntList("strides", stride, stride), OnnxAttribute.IntList("pads", pad, pad, pad, pad)]);
    }

    /// <summary>
    /// torch.nn.Linear on the last axis. The weight may also be a 1×1 convolution's [out, in, 1, 1]
    /// (old VAE checkpoints store attention projections so), and the bias [out] or [out, 1, 1].
    /// </summary>
    public string Linear(string x, string prefix)
    {
        var shape = Weights.Shape(prefix + ".weight");
        var (outputs, inputs) = ((int)shape[0], (int)shape[1]);
        var weight = Weights.Floats(prefix + ".weight");
        if (weight.Length != outputs * inputs)
        {
            throw new MissingWeightException(Weights.Source, $"{prefix}.weight as [{outputs}, {inputs}] (it is [{string.Join(", ", shape)}])");
        }

        // torch stores [out, in]; MatMul wants [in, out].
        var transposed = new float[weight.Length];
        for (var o = 0; o < outputs; o++)
        {
            for (var i = 0; i < inputs; i++)
            {
                transposed[(i * outputs) + o] = weight[(o * inputs) + i];
            }
        }

        var product = Node("MatMul", [x, Graph.Initializer(prefix + ".weight", transposed, inputs, outputs)]);
        if (!Has(prefix + ".bias"))
        {
            return product;
        }

        var bias = Weights.Floats(prefix + ".bias");
        return Node("Add", [product, Graph.Initializer(prefix + ".bias", bias, bias.Length)]);
    }

    /// <summary>
    /// torch.nn.GroupNorm on [N, C, H, W]: InstanceNormalization over [N, groups, C/groups·H·W]
    /// (ONNX Runtime's fast path for it), then the per-channel affine transform.
    /// </summary>
    public string GroupNorm(string x, string prefix, int groups, float epsilon)
    {
        var gamma = Weights.Floats(prefix + ".weight");
        var channels = gamma.Length;
        var grouped = Node("Reshape", [x, Int64s(0, groups, -1)]);
        var ones = new float[groups];
        Array.Fill(ones, 1f);
        var normalized = Node("InstanceNormalization", [grouped, Graph.Initializer(prefix + ".group_ones", ones, groups), Graph.Initializer(prefix + ".group_zeros", new float[groups], groups)], [OnnxAttribute.Float("epsilon", epsilon)]);
        var restored = Node("Reshape", [normalized, Node("Shape", [x])]);
        var scaled = Node("Mul", [restored, Graph.Initializer(prefix + ".weight", gamma, channels, 1, 1)]);
        return Node("Add", [scaled, Graph.Initializer(prefix + ".bias", Weights.Floats(prefix + ".bias"), channels, 1, 1)]);
    }

    /// <summary>torch.nn.LayerNorm over the last axis.</summary>
    public string LayerNorm(string x, string prefix, float epsilon) =>
        Node("LayerNormalization", [x, Weight(prefix + ".weight"), Weight(prefix + ".bias")], [OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", epsilon)]);

    public string Silu(string x) => Node("Mul", [x, Node("Sigmoid", [x])]);

    /// <summary>The exact (erf) GELU: 0.5·x·(1 + erf(x/√2)).</summary>
    public string Gelu(string x)
    {
        var erf = Node("Erf", [Node("Mul", [x, Float(0.70710678118654752f)])]);
        return Node("Mul", [Node("Mul", [x, Float(0.5f)]), Node("Add", [erf, Float(1f)])]);
    }

    /// <summary>
    /// diffusers' ResnetBlock2D (time_embedding_norm "default", output scale 1): GroupNorm, SiLU,
    /// conv, plus the projected time embedding when there is one, GroupNorm, SiLU, conv, plus the
    /// (1×1-projected when the width changes) input.
    /// </summary>
    public string Resnet(string x, string prefix, string? timeEmbedding, int groups, float epsilon)
    {
        var h = Conv(Silu(GroupNorm(x, prefix + ".norm1", groups, epsilon)), prefix + ".conv1");
        if (timeEmbedding is not null)
        {
            var projected = Linear(Silu(timeEmbedding), prefix + ".time_emb_proj");
            h = Node("Add", [h, Node("Unsqueeze", [projected, Int64s(2, 3)])]);
        }

        h = Conv(Silu(GroupNorm(h, prefix + ".norm2", groups, epsilon)), prefix + ".conv2");
        var shortcut = Has(prefix + ".conv_shortcut.weight") ? Conv(x, prefix + ".conv_shortcut") : x;
        return Node("Add", [shortcut, h]);
    }

    /// <summary>diffusers' Attention on [N, L, C] queries and [N, S, D] keys/values (to_q, to_k, to_v, to_out.0).</summary>
    public string Attention(string x, string context, string prefix, int heads) =>
        MultiHeadAttention(x, context, heads, prefix + ".to_q", prefix + ".to_k", prefix + ".to_v", prefix + ".to_out.0", mask: null);

    /// <summary>
    /// diffusers' Attention as ONNX Runtime's fused <c>com.microsoft</c> MultiHeadAttention on the
    /// projected queries, keys and values ([N, L, C], heads split inside; scale 1/√d). ONNX
    /// Runtime's CPU kernel runs it as flash attention, which never holds the [N, heads, L, S]
    /// score matrix: at 512² an SD 1.5 UNet's first self-attention would need 1 GiB per copy of it
    /// (README, "Checkpoint benchmark"). The model must import <see cref="ContribDomain"/>.
    /// </summary>
    public string FusedAttention(string x, string context, string prefix, int heads)
    {
        HeadDimension(prefix + ".to_q", heads);
        var q = Linear(x, prefix + ".to_q");
        var k = Linear(context, prefix + ".to_k");
        var v = Linear(context, prefix + ".to_v");
        var attended = Graph.NodeInDomain(ContribDomain, "MultiHeadAttention", [q, k, v], [OnnxAttribute.Int("num_heads", heads)]);
        return Linear(attended, prefix + ".to_out.0");
    }

    /// <summary>
    /// Projections, heads split off the channels, softmax(q·kᵀ/√d + mask)·v, heads joined, output
    /// projection: the attention of both diffusers and transformers.
    /// </summary>
    public string MultiHeadAttention(string x, string context, int heads, string query, string key, string value, string output, string? mask)
    {
        var inner = Weights.Shape(query + ".weight")[0];
        var headDim = HeadDimension(query, heads);
        var q = SplitHeads(Linear(x, query), heads, headDim, [0, 2, 1, 3]);
        var k = SplitHeads(Linear(context, key), heads, headDim, [0, 2, 3, 1]);
        var v = SplitHeads(Linear(context, value), heads, headDim, [0, 2, 1, 3]);
        var scores = Node("MatMul", [Node("Mul", [q, Float(1f / MathF.Sqrt(headDim))]), k]);
        if (mask is not null)
        {
            scores = Node("Add", [scores, mask]);
        }

        var weighted = Node("MatMul", [Node("Softmax", [scores], [OnnxAttribute.Int("axis", -1)]), v]);
        var joined = Node("Reshape", [Node("Transpose", [weighted], [OnnxAttribute.IntList("perm", 0, 2, 1, 3)]), Int64s(0, 0, inner)]);
        return Linear(joined, output);
    }

    private long HeadDimension(string query, int heads)
    {
        var inner = Weights.Shape(query + ".weight")[0];
        if (heads <= 0 || inner % heads != 0)
        {
            throw new MissingWeightException(Weights.Source, $"{query}.weight split into {heads} heads (its width is {inner})");
        }

        return inner / heads;
    }

    private string SplitHeads(string x, int heads, long headDim, long[] permutation) =>
        Node("Transpose", [Node("Reshape", [x, Int64s(0, 0, heads, headDim)])], [OnnxAttribute.IntList("perm", permutation)]);

    /// <summary>[N, C, H, W] to [N, H·W, C], the token layout of attention.</summary>
    public string ToTokens(string x, long channels) =>
        Node("Reshape", [Node("Transpose", [x], [OnnxAttribute.IntList("perm", 0, 2, 3, 1)]), Int64s(0, -1, channels)]);

    /// <summary>[N, H·W, C] back to the layout of <paramref name="like"/>, [N, C, H, W].</summary>
    public string FromTokens(string tokens, string like) =>
        Node("Reshape", [Node("Transpose", [tokens], [OnnxAttribute.IntList("perm", 0, 2, 1)]), Node("Shape", [like])]);
}
