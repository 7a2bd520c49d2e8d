namespace AssetForge.Onnx.Tests.Lora;

using AssetForge.Onnx.Graph;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Lora;
using AssetForge.Onnx.Safetensors;
using AssetForge.Onnx.Tests.Graph.Builders;
using AssetForge.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// LoRA merging against tests/reference/checkpoints/lora (made by make_reference.py): a kohya-ss
/// file (lora_unet_/lora_te_ with alpha, one 3×3 conv LoCon) and a diffusers/PEFT file
/// (lora_A/lora_B, no alpha) for the tiny sd1 checkpoint; merged weights at scales 1.0 and 0.5 and
/// stacked, and the UNet's and text encoder's outputs with both stacked.
/// </summary>
public sealed class LoraMergeReferenceTests
{
    private static readonly string LoraDirectory = Path.Combine(DiffusersComponentReferenceTests.CaseFolder("sd1"), "..", "lora");

    private static readonly object[] MergeCases =
    [
        new object[] { "kohya_1.0", new[] { ("kohya", 1.0f) } },
        new object[] { "kohya_0.5", new[] { ("kohya", 0.5f) } },
        new object[] { "peft_1.0", new[] { ("peft", 1.0f) } },
        new object[] { "peft_0.5", new[] { ("peft", 0.5f) } },
        new object[] { "stacked", new[] { ("kohya", 0.8f), ("peft", 0.5f) } },
    ];

    private static readonly string[] CheckedWeights =
    [
        "unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight",
        "te.text_model.encoder.layers.0.self_attn.q_proj.weight",
        "unet.down_blocks.1.resnets.0.conv1.weight",
    ];

    [TestCaseSource(nameof(MergeCases))]
    public void Merged_weights_equal_w_plus_scale_times_alpha_over_rank_times_up_down(string name, (string File, float Scale)[] loras)
    {
        using var reference = SafetensorsFile.Open(Path.Combine(LoraDirectory, "reference.safetensors"));
        using var model = new Sd1Weights(loras);

        foreach (var weight in CheckedWeights)
        {
            var (component, weightName) = (weight[..weight.IndexOf('.', StringComparison.Ordinal)], weight[(weight.IndexOf('.', StringComparison.Ordinal) + 1)..]);
            var actual = (component == "unet" ? model.Unet : model.TextEncoder).Floats(weightName);
            var expected = reference.ReadFloats($"{name}.{component}.{weightName}");
            Assert.That(MaxDifference(actual, expected), Is.LessThanOrEqualTo(1e-6f), weight);
        }
    }

    [Test]
    public void Stacked_loras_change_the_unet_and_text_encoder_outputs_as_in_diffusers()
    {
        using var reference = SafetensorsFile.Open(Path.Combine(LoraDirectory, "reference.safetensors"));
        using var inputs = SafetensorsFile.Open(Path.Combine(DiffusersComponentReferenceTests.CaseFolder("sd1"), "reference.safetensors"));
        using var model = new Sd1Weights(("kohya", 0.8f), ("peft", 0.5f));

        var unet = UnetGraph.Build(ComponentConfig.Load(Path.Combine(DiffusersComponentReferenceTests.CaseFolder("sd1"), "unet", "config.json")), model.Unet);
        using (var session = new InferenceSession(OnnxModelWriter.Serialize(unet)))
        using (var results = session.Run([Tensor(inputs, "unet.sample", "sample"), Tensor(inputs, "unet.timestep", "timestep"), Tensor(inputs, "unet.encoder_hidden_states", "encoder_hidden_states")]))
        {
            Assert.That(MaxDifference(results[0].AsTensor<float>().ToArray(), reference.ReadFloats("stacked.unet.out_sample")), Is.LessThanOrEqualTo(2e-5f));
        }

        var clip = ClipTextGraph.Build(ComponentConfig.Load(Path.Combine(DiffusersComponentReferenceTests.CaseFolder("sd1"), "text_encoder", "config.json")), model.TextEncoder);
        var ids = inputs.Info("text_encoder.input_ids");
        var idTensor = new DenseTensor<int>(Array.ConvertAll(inputs.ReadFloats(ids.Name), f => (int)f), ids.Shape.Select(d => (int)d).ToArray());
        using (var session = new InferenceSession(OnnxModelWriter.Serialize(clip)))
        using (var results = session.Run([NamedOnnxValue.CreateFromTensor("input_ids", idTensor)]))
        {
            var hidden = results.Single(r => r.Name == "last_hidden_state").AsTensor<float>().ToArray();
            Assert.That(MaxDifference(hidden, reference.ReadFloats("stacked.text_encoder.last_hidden_state")), Is.LessThanOrEqualTo(2e-5f));
        }
    }

    [Test]
    public void A_lora_key_that_matches_no_weight_is_an_error_naming_it_with_a_suggestion()
    {
        var path = Path.Combine(TestFolders.NewFolder(), "typo.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SafetensorsWriter.Write(path, [
            SafetensorsTensorData.FromFloats("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_qq.lora_down.weight", new float[16], 1, 16),
            SafetensorsTensorData.FromFloats("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_qq.lora_up.weight", new float[16], 16, 1),
        ]);
        using var plain = new Sd1Weights();
        using var file = SafetensorsFile.Open(path);

        var error = Assert.Throws<LoraException>(() => LoraFile.Match(file, plain.Unet, plain.TextEncoder))!;

        Assert.That(error.Code, Is.EqualTo("AF3204"));
        Assert.That(error.Message, Does.Contain("'lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_qq.lora_down.weight' matches no weight of the model; did you mean 'lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q'?"));
    }

    [Test]
    public void A_lora_at_scale_zero_leaves_the_weights_unchanged()
    {
        using var plain = new Sd1Weights();
        using var model = new Sd1Weights(("kohya", 0f));
        const string weight = "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight";
        Assert.That(model.Unet.Floats(weight), Is.EqualTo(plain.Unet.Floats(weight)));
    }

    private static NamedOnnxValue Tensor(SafetensorsFile file, string key, string input) =>
        NamedOnnxValue.CreateFromTensor(input, new DenseTensor<float>(file.ReadFloats(key), file.Info(key).Shape.Select(d => (int)d).ToArray()));

    private static float MaxDifference(float[] actual, float[] expected)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        var worst = 0f;
        for (var i = 0; i < actual.Length; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(actual[i] - expected[i]));
        }

        return worst;
    }

    /// <summary>The tiny sd1 checkpoint's UNet and text encoder weights, with the given LoRAs merged in.</summary>
    private sealed class Sd1Weights : IDisposable
    {
        private readonly SafetensorsWeights _unet = new("unet", [Path.Combine(DiffusersComponentReferenceTests.CaseFolder("sd1"), "unet", "diffusion_pytorch_model.safetensors")]);
        private readonly SafetensorsWeights _textEncoder = new("text_encoder", [Path.Combine(DiffusersComponentReferenceTests.CaseFolder("sd1"), "text_encoder", "model.safetensors")]);
        private readonly List<SafetensorsFile> _files = [];

        public Sd1Weights(params (string File, float Scale)[] loras)
        {
            var updates = new List<(SafetensorsFile, LoraModule, float)>();
            foreach (var (name, scale) in loras)
            {
                var file = SafetensorsFile.Open(Path.Combine(LoraDirectory, name + ".safetensors"));
                _files.Add(file);
                updates.AddRange(LoraFile.Match(file, _unet, _textEncoder).Select(m => (file, m, scale)));
            }

            Unet = new LoraMergedWeights(_unet, updates.Where(u => u.Item2.Component == LoraComponent.Unet).ToList());
            TextEncoder = new LoraMergedWeights(_textEncoder, updates.Where(u => u.Item2.Component == LoraComponent.TextEncoder).ToList());
        }

        public IModelWeights Unet { get; }

        public IModelWeights TextEncoder { get; }

        public void Dispose()
        {
            foreach (var file in _files)
            {
                file.Dispose();
            }

            _unet.Dispose();
            _textEncoder.Dispose();
        }
    }
}
