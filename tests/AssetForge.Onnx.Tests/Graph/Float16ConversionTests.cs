namespace AssetForge.Onnx.Tests.Graph;

using AssetForge.Onnx.Graph;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Safetensors;
using AssetForge.Onnx.Tests.Graph.Builders;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// fp16 graphs (<see cref="Float16Conversion.Mixed"/>) on ONNX Runtime's CPU provider, against
/// diffusers' float32 outputs on the tiny reference checkpoints. The CPU provider runs these
/// graphs by casting around the operators it has no float16 kernel for (its convolutions and
/// matrix products compute in float32), so this checks the conversion and float16 storage of
/// weights and activations, not a GPU's float16 arithmetic.
/// </summary>
public sealed class Float16ConversionTests
{
    // Of |error| / (1 + |value|), about five float16 roundings (each is up to 4.9e-4 of a value).
    // Measured on CPU: UNet 1.2e-4 to 2.3e-4, VAE 0.8e-4 to 2.9e-4, text encoder 1.1e-3 (its
    // hidden states go through every layer's residual sums in float16).
    private const float Tolerance = 2.5e-3f;

    private static readonly string[] Cases = ["sd1", "sd2"];

    [TestCaseSource(nameof(Cases))]
    public void The_fp16_unet_predicts_diffusers_noise_within_float16_rounding(string name) =>
        AssertMatches(name, "unet", UnetGraph.Build, "unet", ["sample", "timestep", "encoder_hidden_states"], "out_sample");

    [TestCaseSource(nameof(Cases))]
    public void The_fp16_vae_decoder_decodes_to_diffusers_pixels_within_float16_rounding(string name) =>
        AssertMatches(name, "vae", VaeGraphs.Decoder, "vae_decoder", ["latent_sample"], "sample");

    [TestCaseSource(nameof(Cases))]
    public void The_fp16_vae_encoder_gives_diffusers_latent_mean_within_float16_rounding(string name) =>
        AssertMatches(name, "vae", VaeGraphs.Encoder, "vae_encoder", ["sample"], "latent_sample");

    [TestCaseSource(nameof(Cases))]
    public void The_fp16_text_encoder_gives_transformers_hidden_states_and_pooled_output_within_float16_rounding(string name)
    {
        using var reference = Reference(name);
        var model = Float16Conversion.Convert(Build(name, "text_encoder", ClipTextGraph.Build), Float16Conversion.Mixed);
        var ids = reference.Info("text_encoder.input_ids");
        var idTensor = new DenseTensor<int>(Array.ConvertAll(reference.ReadFloats(ids.Name), f => (int)f), ids.Shape.Select(d => (int)d).ToArray());

        using var session = new InferenceSession(OnnxModelWriter.Serialize(model));
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input_ids", idTensor)]);

        AssertClose(name + " text_encoder", results.Single(r => r.Name == "last_hidden_state").AsTensor<float>().ToArray(), reference.ReadFloats("text_encoder.last_hidden_state"));
        AssertClose(name + " pooled", results.Single(r => r.Name == "pooler_output").AsTensor<float>().ToArray(), reference.ReadFloats("text_encoder.pooler_output"));
    }

    [Test]
    public void Token_ids_cast_to_float_stay_float32_up_to_the_end_of_text_argmax()
    {
        // CLIP pools at ArgMax(ids as float); 49406 (start) and 49407 (end of text) are one and the
        // same float16 number, so a float16 chain would pool at the start token on a GPU. Checked on
        // the graph: ONNX Runtime's CPU provider would hide it (it fuses int→fp16→fp32 Casts into one).
        var g = new OnnxGraphBuilder("argmax");
        var ids = g.Input("ids", OnnxElementType.Int64, 1, 4);
        var asFloat = g.Node("Cast", [ids], [OnnxAttribute.Int("to", (long)OnnxElementType.Float)]);
        var scaled = g.Node("Mul", [asFloat, g.Initializer("one", [1f])]);
        g.Node("ArgMax", [scaled], [OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0)], "end");
        g.Output("end", OnnxElementType.Int64, 1);

        var model = Float16Conversion.Convert(new OnnxModel(g.Build()), Float16Conversion.Mixed);

        Assert.That(model.Graph.Nodes.Select(n => n.OpType), Is.EqualTo(new[] { "Cast", "Mul", "ArgMax" }));
        Assert.That(model.Graph.Nodes[0].Attributes.Single().IntValue, Is.EqualTo((long)OnnxElementType.Float));
        Assert.That(model.Graph.Initializers.Single().ElementType, Is.EqualTo(OnnxElementType.Float));
    }

    [Test]
    public void The_fp16_unet_keeps_the_float32_inputs_and_outputs_and_stores_its_weights_as_float16()
    {
        var fp32 = Build("sd1", "unet", UnetGraph.Build);
        var fp16 = Float16Conversion.Convert(fp32, Float16Conversion.Mixed);

        Assert.That(fp16.Graph.Inputs, Is.EqualTo(fp32.Graph.Inputs));
        Assert.That(fp16.Graph.Outputs, Is.EqualTo(fp32.Graph.Outputs));
        var conv = fp16.Graph.Initializers.Single(t => t.Name == "conv_in.weight");
        Assert.That((conv.ElementType, conv.RawData.Length), Is.EqualTo((OnnxElementType.Float16, fp32.Graph.Initializers.Single(t => t.Name == "conv_in.weight").RawData.Length / 2)));
    }

    [Test]
    public void The_timestep_embedding_is_computed_in_float32_up_to_its_first_linear_layer()
    {
        var fp16 = Float16Conversion.Convert(Build("sd1", "unet", UnetGraph.Build), Float16Conversion.Mixed);
        var producers = fp16.Graph.Nodes.SelectMany(n => n.Outputs.Select(o => (Output: o, Node: n))).ToDictionary(p => p.Output, p => p.Node);

        // Walk back from the Sin of the sinusoidal embedding: no Cast to float16 on the way to the timestep input.
        var sin = fp16.Graph.Nodes.Single(n => n.OpType == "Sin");
        var pending = new Stack<string>(sin.Inputs);
        while (pending.TryPop(out var value))
        {
            if (!producers.TryGetValue(value, out var node))
            {
                continue;
            }

            Assert.That(node is { OpType: "Cast" } && node.Attributes.Any(a => a is { Name: "to", IntValue: (long)OnnxElementType.Float16 }), Is.False, node.Name);
            foreach (var input in node.Inputs)
            {
                pending.Push(input);
            }
        }
    }

    private static void AssertMatches(string name, string component, Func<ComponentConfig, IModelWeights, OnnxModel> builder, string prefix, string[] inputs, string output)
    {
        using var reference = Reference(name);
        var model = Float16Conversion.Convert(Build(name, component, builder), Float16Conversion.Mixed);
        var feeds = inputs.Select(i =>
        {
            var info = reference.Info(prefix + "." + i);
            return NamedOnnxValue.CreateFromTensor(i, new DenseTensor<float>(reference.ReadFloats(info.Name), info.Shape.Select(d => (int)d).ToArray()));
        }).ToList();

        using var session = new InferenceSession(OnnxModelWriter.Serialize(model));
        using var results = session.Run(feeds);

        AssertClose($"{name} {prefix}", results.Single(r => r.Name == output).AsTensor<float>().ToArray(), reference.ReadFloats(prefix + "." + output));
    }

    private static void AssertClose(string what, float[] actual, float[] expected)
    {
        // Relative to 1 + |expected|: float16 keeps 11 significant bits, so its error grows with the value.
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        float worst = 0f, worstAbsolute = 0f;
        for (var i = 0; i < actual.Length; i++)
        {
            var error = MathF.Abs(actual[i] - expected[i]);
            worst = MathF.Max(worst, error / (1 + MathF.Abs(expected[i])));
            worstAbsolute = MathF.Max(worstAbsolute, error);
        }

        TestContext.Out.WriteLine($"{what}: fp16 max |assetforge - diffusers fp32| = {worstAbsolute:E2}, relative to 1 + |diffusers| {worst:E2}");
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance));
    }

    private static SafetensorsFile Reference(string name) => SafetensorsFile.Open(Path.Combine(DiffusersComponentReferenceTests.CaseFolder(name), "reference.safetensors"));

    private static OnnxModel Build(string name, string component, Func<ComponentConfig, IModelWeights, OnnxModel> builder)
    {
        var folder = DiffusersComponentReferenceTests.CaseFolder(name);
        var file = component == "text_encoder" ? "model.safetensors" : "diffusion_pytorch_model.safetensors";
        using var weights = new SafetensorsWeights(component, [Path.Combine(folder, component, file)]);
        return builder(ComponentConfig.Load(Path.Combine(folder, component, "config.json")), weights);
    }
}
