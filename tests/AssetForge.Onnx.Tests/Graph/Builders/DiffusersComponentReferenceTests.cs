namespace AssetForge.Onnx.Tests.Graph.Builders;

using AssetForge.Onnx.Graph;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Safetensors;
using AssetForge.Onnx.Tests.Support;
using AssetForge.Onnx.Tests.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// The graph builders against diffusers' own UNet2DConditionModel and AutoencoderKL (torch,
/// CPU, float32) on tiny checkpoints of the real architectures with random weights, made by
/// tests/reference/checkpoints/make_reference.py: sd1 (conv projections, F32 weights) and sd2
/// (linear projections, per-level heads, three levels, F16 weights).
/// </summary>
public sealed class DiffusersComponentReferenceTests
{
    // Float32 round-off through a few dozen layers, a hundred times finer than 1/255 of a pixel.
    private const float Tolerance = 2e-5f;

    private static readonly string[] Cases = ["sd1", "sd2"];

    [TestCaseSource(nameof(Cases))]
    public void The_unet_graph_predicts_the_noise_diffusers_predicts(string name)
    {
        using var reference = Reference(name);
        var model = Build(name, "unet", UnetGraph.Build);

        var actual = Run(model, "out_sample", Input(reference, "unet", "sample"), Input(reference, "unet", "timestep"), Input(reference, "unet", "encoder_hidden_states"));

        AssertClose(actual, reference.ReadFloats("unet.out_sample"));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_unet_graph_runs_every_attention_as_one_fused_multi_head_attention_without_a_score_matrix(string name)
    {
        using var weights = Weights(name, "unet");
        var model = UnetGraph.Build(ComponentConfig.Load(Path.Combine(CaseFolder(name), "unet", "config.json")), weights);
        var transformerBlocks = weights.Names.Count(n => n.EndsWith(".attn1.to_q.weight", StringComparison.Ordinal));

        var fused = model.Graph.Nodes.Count(n => n is { Domain: LayerGraph.ContribDomain, OpType: "MultiHeadAttention" });

        Assert.That(transformerBlocks, Is.GreaterThan(0));
        Assert.That(fused, Is.EqualTo(2 * transformerBlocks), "a self- and a cross-attention per transformer block");
        Assert.That(model.Graph.Nodes.Count(n => n.OpType == "Softmax"), Is.Zero);
        Assert.That(model.OtherOpsetImports, Does.Contain(new KeyValuePair<string, long>(LayerGraph.ContribDomain, 1)));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_vae_decoder_graph_decodes_latents_to_diffusers_pixels(string name)
    {
        using var reference = Reference(name);
        var model = Build(name, "vae", VaeGraphs.Decoder);

        var actual = Run(model, "sample", Input(reference, "vae_decoder", "latent_sample"));

        AssertClose(actual, reference.ReadFloats("vae_decoder.sample"));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_vae_encoder_graph_gives_diffusers_latent_mean(string name)
    {
        using var reference = Reference(name);
        var model = Build(name, "vae", VaeGraphs.Encoder);

        var actual = Run(model, "latent_sample", Input(reference, "vae_encoder", "sample"));

        AssertClose(actual, reference.ReadFloats("vae_encoder.latent_sample"));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_clip_text_graph_gives_the_hidden_states_and_pooled_output_of_transformers_clip(string name)
    {
        using var reference = Reference(name);
        var model = Build(name, "text_encoder", ClipTextGraph.Build);
        var ids = reference.Info("text_encoder.input_ids");
        var idTensor = new DenseTensor<int>(Array.ConvertAll(reference.ReadFloats(ids.Name), f => (int)f), ids.Shape.Select(d => (int)d).ToArray());

        using var session = new InferenceSession(model);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input_ids", idTensor)]);

        AssertClose(results.Single(r => r.Name == "last_hidden_state").AsTensor<float>().ToArray(), reference.ReadFloats("text_encoder.last_hidden_state"));
        AssertClose(results.Single(r => r.Name == "pooler_output").AsTensor<float>().ToArray(), reference.ReadFloats("text_encoder.pooler_output"));
    }

    [Test]
    public void A_unet_config_with_an_added_conditioning_other_than_sdxls_is_refused_by_name()
    {
        var config = ComponentConfig.FromJson("unet/config.json", """{"addition_embed_type": "text_image"}""");
        using var weights = Weights("sd1", "unet");

        Assert.That(() => UnetGraph.Build(config, weights), Throws.InstanceOf<AssetForge.Abstractions.Plugins.PluginException>().With.Message.Contains("'addition_embed_type'"));
    }

    [Test]
    public void A_checkpoint_missing_a_weight_the_config_needs_names_the_weight()
    {
        // sd1's weights under sd2's config: sd2 has a third level the sd1 checkpoint lacks.
        var config = ComponentConfig.Load(Path.Combine(CaseFolder("sd2"), "unet", "config.json"));
        using var weights = Weights("sd1", "unet");

        Assert.That(() => UnetGraph.Build(config, weights), Throws.InstanceOf<MissingWeightException>().With.Message.Contains("the checkpoint has no weight '"));
    }

    internal static string CaseFolder(string name) => Path.Combine(ClipTokenizerFolder.RepoRoot, "tests", "reference", "checkpoints", name);

    private static SafetensorsFile Reference(string name) => SafetensorsFile.Open(Path.Combine(CaseFolder(name), "reference.safetensors"));

    private static SafetensorsWeights Weights(string name, string component) =>
        new(component, [Path.Combine(CaseFolder(name), component, component == "text_encoder" ? "model.safetensors" : "diffusion_pytorch_model.safetensors")]);

    private static string Build(string name, string component, Func<ComponentConfig, IModelWeights, OnnxModel> builder)
    {
        using var weights = Weights(name, component);
        var model = builder(ComponentConfig.Load(Path.Combine(CaseFolder(name), component, "config.json")), weights);
        var folder = TestFolders.NewFolder();
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "model.onnx");
        OnnxModelWriter.Write(model, path, "model.onnx_data");
        return path;
    }

    private static (string Name, DenseTensor<float> Value) Input(SafetensorsFile reference, string component, string input)
    {
        var info = reference.Info(component + "." + input);
        return (input, new DenseTensor<float>(reference.ReadFloats(info.Name), info.Shape.Select(d => (int)d).ToArray()));
    }

    private static float[] Run(string modelPath, string output, params (string Name, DenseTensor<float> Value)[] inputs)
    {
        using var session = new InferenceSession(modelPath);
        using var results = session.Run(inputs.Select(i => NamedOnnxValue.CreateFromTensor(i.Name, i.Value)).ToList());
        return results.Single(r => r.Name == output).AsTensor<float>().ToArray();
    }

    internal static void AssertClose(float[] actual, float[] expected)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        var worst = 0f;
        for (var i = 0; i < actual.Length; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(actual[i] - expected[i]));
        }

        TestContext.Out.WriteLine($"max |actual - diffusers| = {worst:E2} over {actual.Length} values");
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance));
    }
}
