namespace AssetForge.Onnx.Tests.Checkpoints;

using AssetForge.Onnx.Checkpoints;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Safetensors;
using AssetForge.Onnx.Tests.Graph.Builders;
using AssetForge.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// Random-weight checkpoints (<c>assetforge model random</c>): the tensor layout is diffusers'
/// (checked against the tiny checkpoints diffusers itself wrote, and against the published
/// parameter counts of SD 1.5 and 2.1), the files are a function of the seed, and the tool
/// compiles and runs what it writes.
/// </summary>
public sealed class RandomCheckpointTests
{
    private static readonly (string Case, string Component, string File)[] Components =
    [
        ("sd1", "unet", "diffusion_pytorch_model.safetensors"), ("sd1", "vae", "diffusion_pytorch_model.safetensors"), ("sd1", "text_encoder", "model.safetensors"),
        ("sd2", "unet", "diffusion_pytorch_model.safetensors"), ("sd2", "vae", "diffusion_pytorch_model.safetensors"), ("sd2", "text_encoder", "model.safetensors"),
    ];

    [TestCaseSource(nameof(Components))]
    public void The_layout_of_a_tiny_reference_config_has_exactly_the_tensors_diffusers_wrote_for_it((string Case, string Component, string File) c)
    {
        var folder = Path.Combine(DiffusersComponentReferenceTests.CaseFolder(c.Case), c.Component);
        using var written = SafetensorsFile.Open(Path.Combine(folder, c.File));
        var layout = Layout(c.Component, ComponentConfig.Load(Path.Combine(folder, "config.json")));

        var expected = written.Tensors.Values.Select(t => $"{t.Name} [{string.Join(',', t.Shape)}]").Order(StringComparer.Ordinal);
        var actual = layout.Select(t => $"{t.Name} [{string.Join(',', t.Shape)}]").Order(StringComparer.Ordinal);
        Assert.That(actual, Is.EqualTo(expected));
    }

    // Published sizes: SD 1.5 UNet 859,520,964, SD 2.1 UNet 865,910,724, their VAE 83,653,863,
    // CLIP ViT-L/14's text model 123,060,480, OpenCLIP ViT-H's (23 of 24 layers, as SD 2.x uses it) 340,387,840.
    [TestCase("sd15", "unet", 859_520_964L)]
    [TestCase("sd15", "vae", 83_653_863L)]
    [TestCase("sd15", "text_encoder", 123_060_480L)]
    [TestCase("sd21", "unet", 865_910_724L)]
    [TestCase("sd21", "text_encoder", 340_387_840L)]
    public void The_sd15_and_sd21_layouts_have_the_published_parameter_counts(string like, string component, long parameters)
    {
        var configs = like == "sd15" ? RandomCheckpointConfigs.Sd15 : RandomCheckpointConfigs.Sd21;
        var json = component switch { "unet" => configs.Unet, "vae" => configs.Vae, _ => configs.TextEncoder };

        var layout = Layout(component, ComponentConfig.FromJson(component + "/config.json", json));

        Assert.That(layout.Sum(t => t.Shape.Aggregate(1L, (a, d) => a * d)), Is.EqualTo(parameters));
    }

    [Test]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_other_weights()
    {
        var configs = TinyConfigs("sd1");
        string first = TestFolders.NewFolder(), second = TestFolders.NewFolder(), other = TestFolders.NewFolder();
        RandomCheckpoint.Write(configs, first, 7, CancellationToken.None);
        RandomCheckpoint.Write(configs, second, 7, CancellationToken.None);
        RandomCheckpoint.Write(configs, other, 8, CancellationToken.None);

        foreach (var file in Directory.EnumerateFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)))
        {
            Assert.That(File.ReadAllBytes(Path.Combine(second, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(first, file))), file);
        }

        const string Unet = "unet/diffusion_pytorch_model.safetensors";
        Assert.That(File.ReadAllBytes(Path.Combine(other, Unet)), Is.Not.EqualTo(File.ReadAllBytes(Path.Combine(first, Unet))));
    }

    [Test]
    public void A_random_checkpoint_compiles_and_its_unet_predicts_finite_noise_of_a_sensible_size()
    {
        var source = TestFolders.NewFolder();
        RandomCheckpoint.Write(TinyConfigs("sd2"), source, 1, CancellationToken.None);
        var compiled = TestFolders.NewFolder();

        DiffusersFolderCompiler.Compile(source, [], ModelPrecision.Fp32, compiled, CancellationToken.None);

        using var session = new InferenceSession(Path.Combine(compiled, "unet", "model.onnx"));
        var context = session.InputMetadata["encoder_hidden_states"].Dimensions[2];
        var random = new Random(3);
        NamedOnnxValue[] inputs =
        [
            NamedOnnxValue.CreateFromTensor("sample", new DenseTensor<float>(Enumerable.Range(0, 4 * 16 * 16).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray(), new[] { 1, 4, 16, 16 })),
            NamedOnnxValue.CreateFromTensor("timestep", new DenseTensor<float>(new[] { 500f }, new[] { 1 })),
            NamedOnnxValue.CreateFromTensor("encoder_hidden_states", new DenseTensor<float>(Enumerable.Range(0, 77 * context).Select(_ => (float)random.NextDouble() - 0.5f).ToArray(), new[] { 1, 77, context })),
        ];
        using var results = session.Run(inputs);
        var noise = results[0].AsTensor<float>().ToArray();

        Assert.That(noise.All(float.IsFinite), Is.True);
        Assert.That(noise.Max(MathF.Abs), Is.InRange(1e-3f, 1e3f));
        Assert.That(File.Exists(Path.Combine(compiled, "tokenizer", "vocab.json")), Is.True);
    }

    [Test]
    public void An_unknown_architecture_is_refused_with_the_ones_there_are()
    {
        Assert.That(
            () => RandomCheckpoint.Write("sd9", TestFolders.NewFolder(), 1, CancellationToken.None),
            Throws.InstanceOf<AssetForge.Abstractions.Plugins.PluginException>().With.Message.Contains("use one of: sd15, sd21"));
    }

    private static List<DiffusersTensorLayout.Tensor> Layout(string component, ComponentConfig config) => component switch
    {
        "unet" => DiffusersTensorLayout.Unet(config),
        "vae" => DiffusersTensorLayout.Vae(config),
        _ => DiffusersTensorLayout.ClipText(config),
    };

    private static RandomCheckpointConfigs TinyConfigs(string name)
    {
        var folder = DiffusersComponentReferenceTests.CaseFolder(name);
        string Read(string file) => File.ReadAllText(Path.Combine(folder, file));
        return new RandomCheckpointConfigs(Read("model_index.json"), Read("scheduler/scheduler_config.json"), Read("unet/config.json"), Read("vae/config.json"), Read("text_encoder/config.json"));
    }
}
