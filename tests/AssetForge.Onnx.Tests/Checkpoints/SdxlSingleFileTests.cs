namespace AssetForge.Onnx.Tests.Checkpoints;

using System.Text.Json;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Checkpoints;
using AssetForge.Onnx.Safetensors;
using AssetForge.Onnx.Tests.Graph.Builders;
using AssetForge.Onnx.Tests.Support;
using AssetForge.Onnx.Tests.Text;

/// <summary>
/// An SDXL single file in Stability's SGM key layout (tests/reference/sdxl/single, made by
/// make_single_file_reference.py): UNet [32, 32] with transformer depth 1 and 2, both text
/// encoders 64 wide with one head, a projection to 32, add_embedding over 6 × 256 time features
/// and the pooled embedding; model.yaml gives 16-channel heads and SDXL's VAE scale. Its pixels are
/// checked end to end in the Cli tests (SdxlBuildTests); these tests pin how it is read, and that
/// malformed files are refused with one AF3203 naming the tensor.
/// </summary>
public sealed class SdxlSingleFileTests
{
    private static readonly string Folder = Path.Combine(ClipTokenizerFolder.RepoRoot, "tests", "reference", "sdxl", "single");
    private static readonly string Checkpoint = Path.Combine(Folder, "model.safetensors");

    [Test]
    public void Sdxl_keys_are_recognised_and_sd_files_are_not()
    {
        using var sdxl = SafetensorsFile.Open(Checkpoint);
        using var sd1 = SafetensorsFile.Open(Path.Combine(DiffusersComponentReferenceTests.CaseFolder("ldm"), "model.safetensors"));
        using var sd2 = SafetensorsFile.Open(Path.Combine(DiffusersComponentReferenceTests.CaseFolder("ldm2"), "model.safetensors"));

        Assert.That((LdmKeyMap.IsSdxl(sdxl.Tensors.Keys), LdmKeyMap.IsSdxl(sd1.Tensors.Keys), LdmKeyMap.IsSdxl(sd2.Tensors.Keys)), Is.EqualTo((true, false, false)));
    }

    [Test]
    public void Every_key_maps_but_the_logit_scale_and_the_position_ids()
    {
        using var file = SafetensorsFile.Open(Checkpoint);
        var keys = file.Tensors.Keys.ToList();

        var mapped = LdmKeyMap.Unet(Checkpoint, keys, sdxl: true).Values
            .Concat(LdmKeyMap.Vae(keys).Values)
            .Concat(LdmKeyMap.Clip(keys, LdmKeyMap.SdxlClipPrefix).Values)
            .Concat(OpenClipKeyMap.TextModel(Checkpoint, keys, LdmKeyMap.SdxlOpenClipPrefix, sdxl: true).Values.Select(t => t.Key)).ToHashSet();

        // position_ids is mapped (as in SD 1.x files) but is no weight; logit_scale only serves CLIP's training.
        Assert.That(keys.Where(k => !mapped.Contains(k)), Is.EqualTo(new[] { "conditioner.embedders.1.model.logit_scale" }));
        Assert.That(LdmKeyMap.Unet(Checkpoint, keys, sdxl: true)["add_embedding.linear_2.bias"], Is.EqualTo("model.diffusion_model.label_emb.0.2.bias"));
    }

    [Test]
    public void Label_emb_without_sdxl_is_still_refused_as_unsupported_class_conditioning()
    {
        var error = Assert.Throws<PluginException>(() => LdmKeyMap.Unet("x.safetensors", ["model.diffusion_model.label_emb.0.0.weight"]))!;

        Assert.That(error.Code, Is.EqualTo("AF3203"));
    }

    [Test]
    public void The_second_encoder_keeps_every_resblock_and_reads_text_projection_transposed()
    {
        using var file = SafetensorsFile.Open(Checkpoint);
        var weights = new OpenClipWeights(Checkpoint, file, OpenClipKeyMap.TextModel(Checkpoint, [.. file.Tensors.Keys], LdmKeyMap.SdxlOpenClipPrefix, sdxl: true));
        var stored = file.ReadFloats("conditioner.embedders.1.model.text_projection");

        var projection = weights.Floats("text_projection.weight");

        Assert.That(file.Tensors["conditioner.embedders.1.model.text_projection"].Shape, Is.EqualTo(new long[] { 64, 32 }));
        Assert.That(weights.Shape("text_projection.weight"), Is.EqualTo(new long[] { 32, 64 }));
        Assert.That(projection[(5 * 64) + 7], Is.EqualTo(stored[(7 * 32) + 5]));
        Assert.That(weights.Contains("text_model.encoder.layers.2.mlp.fc2.weight"), Is.True, "the last of 3 resblocks");
        using var config = JsonDocument.Parse(LdmArchitecture.ClipConfig(weights, "gelu", withProjection: true));
        Assert.That(config.RootElement.GetProperty("num_hidden_layers").GetInt32(), Is.EqualTo(3));
        Assert.That(config.RootElement.GetProperty("projection_dim").GetInt32(), Is.EqualTo(32));
        Assert.That(config.RootElement.GetProperty("architectures")[0].GetString(), Is.EqualTo("CLIPTextModelWithProjection"));
    }

    [Test]
    public void The_unet_config_has_sdxls_text_time_conditioning_and_depths_from_the_shapes()
    {
        using var file = SafetensorsFile.Open(Checkpoint);
        var unet = new MappedWeights(Checkpoint, file, LdmKeyMap.Unet(Checkpoint, [.. file.Tensors.Keys], sdxl: true));
        var original = LdmOriginalConfig.Beside(Checkpoint, LdmOriginalConfig.Sdxl);

        using var config = JsonDocument.Parse(LdmArchitecture.UnetConfig(unet, original, pooledWidth: 32));

        var root = config.RootElement;
        Assert.That(root.GetProperty("down_block_types").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "DownBlock2D", "CrossAttnDownBlock2D" }));
        Assert.That(root.GetProperty("transformer_layers_per_block").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(root.GetProperty("attention_head_dim").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 2, 2 }), "num_head_channels 16 from network_config");
        Assert.That(root.GetProperty("cross_attention_dim").GetInt32(), Is.EqualTo(128));
        Assert.That(root.GetProperty("addition_embed_type").GetString(), Is.EqualTo("text_time"));
        Assert.That(root.GetProperty("addition_time_embed_dim").GetInt32(), Is.EqualTo(256));
        Assert.That(root.GetProperty("projection_class_embeddings_input_dim").GetInt32(), Is.EqualTo(1568));
        Assert.That(original.ScaleFactor, Is.EqualTo(0.13025));
    }

    [Test]
    public void Without_a_config_an_sdxl_file_has_sdxls_vae_scale_and_its_euler_scheduler()
    {
        var original = LdmOriginalConfig.Beside(Path.Combine(TestFolders.NewFolder(), "none.safetensors"), LdmOriginalConfig.Sdxl);

        using var scheduler = JsonDocument.Parse(LdmArchitecture.SdxlSchedulerConfig(original));

        Assert.That(original.ScaleFactor, Is.EqualTo(0.13025));
        Assert.That(new LdmOriginalConfig().ScaleFactor, Is.EqualTo(0.18215), "SD's default is unchanged");
        var root = scheduler.RootElement;
        Assert.That((root.GetProperty("_class_name").GetString(), root.GetProperty("timestep_spacing").GetString(), root.GetProperty("steps_offset").GetInt32()), Is.EqualTo(("EulerDiscreteScheduler", "leading", 1)));
    }

    [Test]
    public void The_compiled_folder_is_optimums_sdxl_layout_with_force_zeros()
    {
        var target = Path.Combine(TestFolders.NewFolder(), "compiled");

        SingleFileCompiler.Compile(Checkpoint, [], ModelPrecision.Fp32, target, CancellationToken.None);

        foreach (var part in new[] { "text_encoder", "text_encoder_2", "unet", "vae_decoder", "vae_encoder" })
        {
            Assert.That(File.Exists(Path.Combine(target, part, "model.onnx")), part);
        }

        Assert.That(File.Exists(Path.Combine(target, "tokenizer_2", "special_tokens_map.json")));
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, "model_index.json")));
        Assert.That(index.RootElement.GetProperty("_class_name").GetString(), Is.EqualTo("StableDiffusionXLPipeline"));
        Assert.That(index.RootElement.GetProperty("force_zeros_for_empty_prompt").GetBoolean(), Is.True);
        Assert.That(SingleFileCompiler.SourceFiles(Checkpoint), Has.Some.EndsWith(Path.Combine("tokenizer_2", "vocab.json")));
    }

    [TestCase("conditioner.embedders.1.model.token_embedding.weight", null, "no second text encoder ('conditioner.embedders.1.model.token_embedding.weight' not found)")]
    [TestCase("conditioner.embedders.1.model.text_projection", null, "no second text encoder's projection ('conditioner.embedders.1.model.text_projection' not found)")]
    [TestCase("model.diffusion_model.label_emb.0.0.weight", null, "no UNet's text_time embedding ('model.diffusion_model.label_emb.0.0.weight' not found)")]
    [TestCase("conditioner.embedders.1.model.text_projection", new long[] { 48, 32 }, "'conditioner.embedders.1.model.text_projection' has shape [48, 32]")]
    [TestCase("conditioner.embedders.1.model.text_projection", new long[] { 64, 32, 1 }, "'conditioner.embedders.1.model.text_projection' has shape [64, 32, 1]")]
    [TestCase("model.diffusion_model.label_emb.0.0.weight", new long[] { 128, 1567 }, "'model.diffusion_model.label_emb.0.0.weight' takes 1567 inputs")]
    [TestCase("conditioner.embedders.0.transformer.text_model.embeddings.token_embedding.weight", new long[] { 514, 48 }, "'model.diffusion_model.input_blocks.3.1.transformer_blocks.0.attn2.to_k.weight' reads a context of 128 channels; SDXL's context is both text encoders' hidden states side by side (48 + 64)")]
    public void A_malformed_sdxl_file_is_refused_with_af3203_naming_the_tensor(string tensor, long[]? shape, string expected)
    {
        var folder = TestFolders.NewFolder();
        Directory.CreateDirectory(folder);
        foreach (var tokenizer in new[] { "tokenizer", "tokenizer_2" })
        {
            Directory.CreateDirectory(Path.Combine(folder, tokenizer));
            foreach (var path in Directory.EnumerateFiles(Path.Combine(Folder, tokenizer)))
            {
                File.Copy(path, Path.Combine(folder, tokenizer, Path.GetFileName(path)));
            }
        }

        var broken = Path.Combine(folder, "model.safetensors");
        using (var file = SafetensorsFile.Open(Checkpoint))
        {
            var tensors = new List<SafetensorsTensorData>();
            foreach (var info in file.Tensors.Values)
            {
                if (info.Name != tensor)
                {
                    tensors.Add(new SafetensorsTensorData(info.Name, info.DataType, info.Shape, file.Bytes(info).ToArray()));
                }
                else if (shape is not null)
                {
                    tensors.Add(SafetensorsTensorData.FromFloats(info.Name, new float[shape.Aggregate(1L, (a, b) => a * b)], shape));
                }
            }

            SafetensorsWriter.Write(broken, tensors);
        }

        var error = Assert.Throws<PluginException>(() => SingleFileCompiler.Compile(broken, [], ModelPrecision.Fp32, Path.Combine(folder, "compiled"), CancellationToken.None))!;

        Assert.That(error.Code, Is.EqualTo("AF3203"));
        Assert.That(error.Message, Does.StartWith(broken + ": ").And.Contain(expected));
        Assert.That(error.Message, Does.Not.Contain('\n'));
    }
}
