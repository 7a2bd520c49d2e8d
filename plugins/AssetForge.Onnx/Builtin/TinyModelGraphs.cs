namespace AssetForge.Onnx.Builtin;

using AssetForge.Onnx.Graph;

/// <summary>
/// The graphs of <c>builtin:tiny</c>: each sub-model has the inputs, outputs, names and element
/// types of a diffusers ONNX export of Stable Diffusion 1.5, but only a handful of small layers.
/// The weights are fixed pseudo-random numbers, not trained: the images are abstract colour
/// fields and textures that depend on every input (prompt, negative prompt, seed, steps, guidance,
/// scheduler), which is what tests and the sample project need. They are not art.
/// </summary>
internal static class TinyModelGraphs
{
    public const int HiddenSize = 32;
    public const int SequenceLength = 77;
    public const int LatentChannels = 4;
    private const int UnetChannels = 32;
    private const int VaeChannels = 16;

    // Residual weight of the UNet's input in its prediction: keeps the denoising loop contracting
    // (the prediction is mostly "the input is noise"), while the rest adds prompt-driven structure.
    private const float UnetInputGain = 0.8f;
    private const float UnetBranchGain = 0.1f;

    public static OnnxModel TextEncoder(int vocabularySize)
    {
        var random = new SplitMix64(0x7E47_0001);
        var g = new OnnxGraphBuilder("tiny_text_encoder");
        var ids = g.Input("input_ids", OnnxElementType.Int32, "batch", "sequence");
        var tokenEmbedding = g.Initializer("text_model.embeddings.token_embedding.weight", Uniform(ref random, vocabularySize * HiddenSize, 1f), vocabularySize, HiddenSize);
        var positionEmbedding = g.Initializer("text_model.embeddings.position_embedding.weight", Uniform(ref random, SequenceLength * HiddenSize, 0.25f), SequenceLength, HiddenSize);
        var weight = g.Initializer("text_model.encoder.weight", HeUniform(ref random, HiddenSize * HiddenSize, HiddenSize, 1.5f), HiddenSize, HiddenSize);
        var bias = g.Initializer("text_model.encoder.bias", Uniform(ref random, HiddenSize, 0.1f), HiddenSize);

        var embedded = g.Node("Gather", [tokenEmbedding, ids], [OnnxAttribute.Int("axis", 0)]);
        var positioned = g.Node("Add", [embedded, positionEmbedding]);
        var projected = g.Node("Add", [g.Node("MatMul", [positioned, weight]), bias]);
        g.Node("Tanh", [projected], outputName: "last_hidden_state");
        g.Node("ReduceMean", ["last_hidden_state"], [OnnxAttribute.IntList("axes", 1), OnnxAttribute.Int("keepdims", 0)], "pooler_output");
        g.Output("last_hidden_state", OnnxElementType.Float, "batch", SequenceLength, HiddenSize);
        g.Output("pooler_output", OnnxElementType.Float, "batch", HiddenSize);
        return new OnnxModel(g.Build());
    }

    public static OnnxModel Unet(TinyUnetVariant variant)
    {
        var random = new SplitMix64(0x7E47_0002);
        var g = new OnnxGraphBuilder("tiny_unet");
        OnnxDimension batch = variant.FixedBatch > 0 ? OnnxDimension.Fixed(variant.FixedBatch) : "batch";
        var io = variant.Float16 ? OnnxElementType.Float16 : OnnxElementType.Float;
        var sample = g.Input("sample", io, batch, "channels", "height", "width");
        var timestep = g.Input("timestep", variant.Int64Timestep ? OnnxElementType.Int64 : io, batch);
        var context = g.Input("encoder_hidden_states", io, batch, "sequence", HiddenSize);
        if (variant.Float16)
        {
            sample = g.Node("Cast", [sample], [OnnxAttribute.Int("to", (long)OnnxElementType.Float)]);
            context = g.Node("Cast", [context], [OnnxAttribute.Int("to", (long)OnnxElementType.Float)]);
        }

        if (variant.Float16 || variant.Int64Timestep)
        {
            timestep = g.Node("Cast", [timestep], [OnnxAttribute.Int("to", (long)OnnxElementType.Float)]);
        }

        var convIn = Conv(g, ref random, "conv_in", sample, LatentChannels, UnetChannels, stride: 1, gain: 1.4f);

        // Sinusoidal time embedding, as in the real UNet: frequencies from exact float arithmetic.
        var frequencies = new float[UnetChannels / 2];
        var frequency = 1f;
        for (var i = 0; i < frequencies.Length; i++)
        {
            frequencies[i] = frequency;
            frequency *= 0.6f;
        }

        var axis1 = g.Initializer("axes_1", [1L], 1);
        var axes23 = g.Initializer("axes_2_3", [2L, 3L], 2);
        var phase = g.Node("Mul", [g.Node("Unsqueeze", [timestep, axis1]), g.Initializer("time_proj.frequencies", frequencies, 1, frequencies.Length)]);
        var sinusoid = g.Node("Concat", [g.Node("Sin", [phase]), g.Node("Cos", [phase])], [OnnxAttribute.Int("axis", 1)]);
        // Linear layers on [batch, channels, 1, 1] as 1×1 convolutions: ONNX Runtime computes each
        // batch row of a Conv the same way whatever the batch size, which MatMul does not promise
        // (a fixed-batch-1 export and a dynamic one must give identical pixels).
        var timeWeight = g.Initializer("time_embedding.weight", HeUniform(ref random, UnetChannels * UnetChannels, UnetChannels, 0.5f), UnetChannels, UnetChannels, 1, 1);
        var timeEmbedding = g.Node("Conv", [g.Node("Unsqueeze", [sinusoid, axes23]), timeWeight], [OnnxAttribute.IntList("kernel_shape", 1, 1)]);

        // Text conditioning: a position-weighted sum over tokens (weights 0.8^position, so the first
        // words of the prompt dominate the padding), projected to channels. Real UNets use
        // cross-attention; this keeps the prompt's effect strong in a model this small.
        var positionWeights = new float[SequenceLength];
        var positionWeight = 1f;
        for (var i = 0; i < SequenceLength; i++)
        {
            positionWeights[i] = positionWeight;
            positionWeight *= 0.8f;
        }

        // As a batched MatMul ([1,77] · [batch,77,hidden]): ONNX Runtime runs one small GEMM per
        // batch row, so the result does not depend on the batch size (its ReduceSum picks
        // different summation orders for different shapes).
        var weights = g.Initializer("text_pooling.weight", positionWeights, 1, SequenceLength);
        var pooledRows = g.Node("Transpose", [g.Node("MatMul", [weights, context])], [OnnxAttribute.IntList("perm", 0, 2, 1)]);
        var pooled = g.Node("Unsqueeze", [pooledRows, g.Initializer("axes_3", [3L], 1)]);
        var textWeight = g.Initializer("text_projection.weight", HeUniform(ref random, HiddenSize * UnetChannels, HiddenSize, 3f), UnetChannels, HiddenSize, 1, 1);
        var textBias = g.Initializer("text_projection.bias", Uniform(ref random, UnetChannels, 0.2f), UnetChannels);
        var textEmbedding = g.Node("Conv", [pooled, textWeight, textBias], [OnnxAttribute.IntList("kernel_shape", 1, 1)]);

        var hidden = g.Node("Add", [g.Node("Add", [convIn, timeEmbedding]), textEmbedding]);
        var activated = g.Node("Tanh", [hidden]);
        var convOut = Conv(g, ref random, "conv_out", activated, UnetChannels, LatentChannels, stride: 1, gain: 1f);

        var inputGain = g.Initializer("input_gain", [UnetInputGain], 1);
        var branchGain = g.Initializer("branch_gain", [UnetBranchGain], 1);
        var prediction = g.Node("Add", [g.Node("Mul", [sample, inputGain]), g.Node("Mul", [convOut, branchGain])], outputName: variant.Float16 ? null : "out_sample");
        if (variant.Float16)
        {
            g.Node("Cast", [prediction], [OnnxAttribute.Int("to", (long)OnnxElementType.Float16)], "out_sample");
        }

        g.Output("out_sample", io, batch, LatentChannels, "height", "width");
        return new OnnxModel(g.Build());
    }

    public static OnnxModel VaeDecoder()
    {
        var random = new SplitMix64(0x7E47_0003);
        var g = new OnnxGraphBuilder("tiny_vae_decoder");
        var latent = g.Input("latent_sample", OnnxElementType.Float, "batch", "channels", "height", "width");
        var x = SiLU(g, Conv(g, ref random, "decoder.conv_in", latent, LatentChannels, VaeChannels, stride: 1, gain: 0.2f));
        var scales = g.Initializer("upsample_scales", [1f, 1f, 2f, 2f], 4);
        for (var block = 0; block < 3; block++)
        {
            var upsampled = g.Node("Resize", [x, "", scales], [
                OnnxAttribute.String("mode", "nearest"),
                OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
                OnnxAttribute.String("nearest_mode", "floor"),
            ]);
            x = SiLU(g, Conv(g, ref random, $"decoder.up_blocks.{block}.conv", upsampled, VaeChannels, VaeChannels, stride: 1, gain: 1.3f));
        }

        var texture = Conv(g, ref random, "decoder.conv_out", x, VaeChannels, 3, stride: 1, gain: 0.7f);

        // A smooth colour field straight from the latent (bilinear ×8, then a 1×1 mix to RGB), so
        // the latent's prompt-dependent channel means show up as colours under the texture.
        var smooth = g.Node("Resize", [latent, "", g.Initializer("colour_scales", [1f, 1f, 8f, 8f], 4)], [
            OnnxAttribute.String("mode", "linear"),
            OnnxAttribute.String("coordinate_transformation_mode", "half_pixel"),
        ]);
        var colourWeight = g.Initializer("decoder.colour.weight", Uniform(ref random, 3 * LatentChannels, 0.1f), 3, LatentChannels, 1, 1);
        var colour = g.Node("Conv", [smooth, colourWeight], [OnnxAttribute.IntList("kernel_shape", 1, 1)]);
        g.Node("Tanh", [g.Node("Add", [texture, colour])], outputName: "sample");
        g.Output("sample", OnnxElementType.Float, "batch", 3, "image_height", "image_width");
        return new OnnxModel(g.Build());
    }

    public static OnnxModel VaeEncoder()
    {
        var random = new SplitMix64(0x7E47_0004);
        var g = new OnnxGraphBuilder("tiny_vae_encoder");
        var x = g.Input("sample", OnnxElementType.Float, "batch", "channels", "height", "width");
        var channels = 3;
        for (var block = 0; block < 3; block++)
        {
            x = SiLU(g, Conv(g, ref random, $"encoder.down_blocks.{block}.conv", x, channels, VaeChannels, stride: 2, gain: 1.4f));
            channels = VaeChannels;
        }

        Conv(g, ref random, "encoder.conv_out", x, VaeChannels, LatentChannels, stride: 1, gain: 1f, outputName: "latent_sample");
        g.Output("latent_sample", OnnxElementType.Float, "batch", LatentChannels, "latent_height", "latent_width");
        return new OnnxModel(g.Build());
    }

    private static string Conv(OnnxGraphBuilder g, ref SplitMix64 random, string name, string input, int inChannels, int outChannels, int stride, float gain, string? outputName = null)
    {
        var fanIn = inChannels * 9;
        var weight = g.Initializer($"{name}.weight", HeUniform(ref random, outChannels * fanIn, fanIn, gain), outChannels, inChannels, 3, 3);
        var bias = g.Initializer($"{name}.bias", Uniform(ref random, outChannels, 0.1f * gain), outChannels);
        return g.Node("Conv", [input, weight, bias], [
            OnnxAttribute.IntList("kernel_shape", 3, 3),
            OnnxAttribute.IntList("pads", 1, 1, 1, 1),
            OnnxAttribute.IntList("strides", stride, stride),
        ], outputName);
    }

    private static string SiLU(OnnxGraphBuilder g, string x) => g.Node("Mul", [x, g.Node("Sigmoid", [x])]);

    private static float[] Uniform(ref SplitMix64 random, int count, float scale)
    {
        var values = new float[count];
        random.Fill(values, scale);
        return values;
    }

    /// <summary>Uniform weights with variance gain²/fanIn (He initialisation); Math.Sqrt is exactly rounded, so portable.</summary>
    private static float[] HeUniform(ref SplitMix64 random, int count, int fanIn, float gain) =>
        Uniform(ref random, count, (float)(gain * Math.Sqrt(3.0 / fanIn)));
}
