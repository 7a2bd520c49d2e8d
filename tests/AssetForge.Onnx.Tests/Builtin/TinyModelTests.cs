namespace AssetForge.Onnx.Tests.Builtin;

using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Builtin;
using AssetForge.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

public sealed class TinyModelTests
{
    [Test]
    public void Writing_the_tiny_model_twice_gives_byte_identical_files()
    {
        var first = TestFolders.NewFolder();
        var second = TestFolders.NewFolder();
        TinyModelWriter.Write(first, CancellationToken.None);
        TinyModelWriter.Write(second, CancellationToken.None);

        foreach (var file in TinyModelWriter.Files)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(second, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(first, file))), file);
        }
    }

    [Test]
    public void Ensure_writes_every_file_into_a_versioned_folder_and_leaves_no_temporary_folder()
    {
        var root = TestFolders.NewFolder();
        var folder = new OnnxModelBackend().EnsureBuiltinModel("tiny", root, CancellationToken.None);

        Assert.That(folder, Is.EqualTo(Path.Combine(root, "builtin-tiny-v1")));
        Assert.That(TinyModelWriter.Files.Where(f => !File.Exists(Path.Combine(folder, f))), Is.Empty);
        Assert.That(Directory.GetDirectories(root), Has.Length.EqualTo(1));
    }

    [Test]
    public void Ensure_keeps_a_complete_existing_model()
    {
        var root = TestFolders.NewFolder();
        var folder = TinyModelWriter.Ensure(root, CancellationToken.None);
        var marker = Path.Combine(folder, "unet", "model.onnx");
        var written = File.GetLastWriteTimeUtc(marker);
        File.SetLastWriteTimeUtc(marker, written.AddHours(-1));

        TinyModelWriter.Ensure(root, CancellationToken.None);

        Assert.That(File.GetLastWriteTimeUtc(marker), Is.EqualTo(written.AddHours(-1)));
    }

    [Test]
    public void Ensure_replaces_an_incomplete_model()
    {
        var root = TestFolders.NewFolder();
        var folder = TinyModelWriter.Ensure(root, CancellationToken.None);
        File.Delete(Path.Combine(folder, "unet", TinyModelWriter.UnetWeightsFileName));

        TinyModelWriter.Ensure(root, CancellationToken.None);

        Assert.That(File.Exists(Path.Combine(folder, "unet", TinyModelWriter.UnetWeightsFileName)), Is.True);
    }

    [Test]
    public void Ensure_rewrites_a_model_whose_file_is_damaged_but_present()
    {
        var root = TestFolders.NewFolder();
        var folder = TinyModelWriter.Ensure(root, CancellationToken.None);
        var unet = Path.Combine(folder, "unet", "model.onnx");
        var good = File.ReadAllBytes(unet);
        var damaged = (byte[])good.Clone();
        damaged[damaged.Length / 2] ^= 0xFF;
        File.WriteAllBytes(unet, damaged);

        TinyModelWriter.Ensure(root, CancellationToken.None);

        Assert.That(File.ReadAllBytes(unet), Is.EqualTo(good));
    }

    [Test]
    public void The_manifest_lists_every_file_with_its_sha256()
    {
        var folder = TinyModelWriter.Ensure(TestFolders.NewFolder(), CancellationToken.None);

        var lines = File.ReadAllLines(Path.Combine(folder, TinyModelWriter.ManifestFileName));

        Assert.That(lines.Select(l => l[66..]), Is.EqualTo(TinyModelWriter.Files));
        var unet = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "unet", "model.onnx"))));
        Assert.That(lines, Does.Contain($"{unet}  unet/model.onnx"));
    }

    [Test]
    public void An_unknown_builtin_model_is_refused()
    {
        var exception = Assert.Throws<PluginException>(() => new OnnxModelBackend().EnsureBuiltinModel("huge", Path.GetTempPath(), CancellationToken.None));
        Assert.That(exception!.Code, Is.EqualTo("AF3009"));
    }

    [Test]
    public void The_unet_keeps_its_weights_in_an_external_file()
    {
        var unet = Path.Combine(TinyModelFixture.Directory, "unet");
        Assert.That(new FileInfo(Path.Combine(unet, TinyModelWriter.UnetWeightsFileName)).Length, Is.GreaterThan(new FileInfo(Path.Combine(unet, "model.onnx")).Length));
    }

    [Test]
    public void The_text_encoder_has_a_diffusers_exports_interface()
    {
        using var session = new InferenceSession(Path.Combine(TinyModelFixture.Directory, "text_encoder", "model.onnx"));
        AssertSignature(session.InputMetadata, "input_ids", TensorElementType.Int32, ["batch", "sequence"]);
        AssertSignature(session.OutputMetadata, "last_hidden_state", TensorElementType.Float, ["batch", "", ""]);
        AssertSignature(session.OutputMetadata, "pooler_output", TensorElementType.Float, ["batch", ""]);
    }

    [Test]
    public void The_unet_has_a_diffusers_exports_interface()
    {
        using var session = new InferenceSession(Path.Combine(TinyModelFixture.Directory, "unet", "model.onnx"));
        Assert.That(session.InputNames, Is.EqualTo(new[] { "sample", "timestep", "encoder_hidden_states" }));
        AssertSignature(session.InputMetadata, "sample", TensorElementType.Float, ["batch", "channels", "height", "width"]);
        AssertSignature(session.InputMetadata, "timestep", TensorElementType.Float, ["batch"]);
        AssertSignature(session.InputMetadata, "encoder_hidden_states", TensorElementType.Float, ["batch", "sequence", ""]);
        AssertSignature(session.OutputMetadata, "out_sample", TensorElementType.Float, ["batch", "", "height", "width"]);
    }

    [Test]
    public void The_vae_models_have_a_diffusers_exports_interface()
    {
        using var decoder = new InferenceSession(Path.Combine(TinyModelFixture.Directory, "vae_decoder", "model.onnx"));
        using var encoder = new InferenceSession(Path.Combine(TinyModelFixture.Directory, "vae_encoder", "model.onnx"));
        AssertSignature(decoder.InputMetadata, "latent_sample", TensorElementType.Float, ["batch", "channels", "height", "width"]);
        AssertSignature(decoder.OutputMetadata, "sample", TensorElementType.Float, ["batch", "", "image_height", "image_width"]);
        AssertSignature(encoder.InputMetadata, "sample", TensorElementType.Float, ["batch", "channels", "height", "width"]);
        AssertSignature(encoder.OutputMetadata, "latent_sample", TensorElementType.Float, ["batch", "", "latent_height", "latent_width"]);
    }

    [Test]
    public void The_vae_encoder_maps_an_image_to_a_latent_an_eighth_its_size()
    {
        using var encoder = new InferenceSession(Path.Combine(TinyModelFixture.Directory, "vae_encoder", "model.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(new float[3 * 64 * 32], [1, 3, 64, 32]);
        using var outputs = encoder.Run(new RunOptions(), ["sample"], [input], ["latent_sample"]);
        Assert.That(outputs[0].GetTensorTypeAndShape().Shape, Is.EqualTo(new long[] { 1, 4, 8, 4 }));
    }

    [Test]
    public void The_scheduler_config_is_stable_diffusion_15s()
    {
        var config = Abstractions.Scheduling.SchedulerConfig.Parse(File.ReadAllText(Path.Combine(TinyModelFixture.Directory, "scheduler", "scheduler_config.json")));
        Assert.Multiple(() =>
        {
            Assert.That(config.Values["_class_name"].GetString(), Is.EqualTo("PNDMScheduler"));
            Assert.That(config.Values["num_train_timesteps"].GetInt32(), Is.EqualTo(1000));
            Assert.That(config.Values["beta_start"].GetDouble(), Is.EqualTo(0.00085));
            Assert.That(config.Values["beta_end"].GetDouble(), Is.EqualTo(0.012));
            Assert.That(config.Values["beta_schedule"].GetString(), Is.EqualTo("scaled_linear"));
            Assert.That(config.Values["steps_offset"].GetInt32(), Is.EqualTo(1));
            Assert.That(config.Values["set_alpha_to_one"].GetBoolean(), Is.False);
            Assert.That(config.Values["skip_prk_steps"].GetBoolean(), Is.True);
            Assert.That(config.Values["prediction_type"].GetString(), Is.EqualTo("epsilon"));
            Assert.That(config.Values["timestep_spacing"].GetString(), Is.EqualTo("leading"));
        });
    }

    [Test]
    public void The_tokenizer_reads_the_tiny_vocabulary_with_clips_special_tokens()
    {
        var tokenizer = AssetForge.Onnx.Text.ClipTokenizer.FromDirectory(Path.Combine(TinyModelFixture.Directory, "tokenizer"));
        var ids = tokenizer.Encode("the red potion", 77);

        var symbols = TinyVocabulary.Build().Symbols.ToList();
        Assert.That(ids[..5], Is.EqualTo(new[] { symbols.IndexOf("<|startoftext|>"), symbols.IndexOf("the</w>"), symbols.IndexOf("red</w>"), symbols.IndexOf("potion</w>"), symbols.IndexOf("<|endoftext|>") }));
    }

    private static void AssertSignature(IReadOnlyDictionary<string, NodeMetadata> metadata, string name, TensorElementType type, string[] symbolicDimensions)
    {
        Assert.That(metadata.ContainsKey(name), Is.True, $"{name} is missing");
        Assert.That(metadata[name].ElementDataType, Is.EqualTo(type), name);
        Assert.That(metadata[name].SymbolicDimensions, Is.EqualTo(symbolicDimensions), $"{name}: [{string.Join(",", metadata[name].SymbolicDimensions)}]");
    }
}
