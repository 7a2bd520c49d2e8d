namespace AssetForge.Onnx.Tests.Checkpoints;

using System.Text.Json;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Checkpoints;
using AssetForge.Onnx.Graph;
using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Safetensors;
using AssetForge.Onnx.Tests.Graph.Builders;
using AssetForge.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// An SD 2.x single-file checkpoint (tests/reference/checkpoints/ldm2): an OpenCLIP text encoder of
/// 24 resblocks with stacked q/k/v, linear UNet projections, 16-channel heads and v-prediction in
/// its model.yaml. Its text encoder is the first 23 layers and ln_final, as diffusers' single-file
/// loader builds it, and computes what diffusers' CLIPTextModel computes for those weights (within
/// the component tests' 2e-5; measured 2.6e-6 on hidden states up to about 4).
/// </summary>
public sealed class Sd2SingleFileTests
{
    private static readonly string Checkpoint = Path.Combine(DiffusersComponentReferenceTests.CaseFolder("ldm2"), "model.safetensors");

    [Test]
    public void Openclip_keys_are_recognised_as_an_sd2_text_encoder_and_vit_l_keys_are_not()
    {
        using var sd2 = SafetensorsFile.Open(Checkpoint);
        using var sd1 = SafetensorsFile.Open(Path.Combine(DiffusersComponentReferenceTests.CaseFolder("ldm"), "model.safetensors"));

        Assert.That((OpenClipKeyMap.IsPresent(sd2.Tensors.Keys), OpenClipKeyMap.IsPresent(sd1.Tensors.Keys)), Is.EqualTo((true, false)));
    }

    [Test]
    public void Every_key_maps_but_the_last_resblock_the_text_projection_and_the_logit_scale()
    {
        using var file = SafetensorsFile.Open(Checkpoint);
        var keys = file.Tensors.Keys.ToList();

        var mapped = LdmKeyMap.Unet(Checkpoint, keys).Values.Concat(LdmKeyMap.Vae(keys).Values).Concat(OpenClipKeyMap.TextModel(Checkpoint, keys).Values.Select(t => t.Key)).ToHashSet();

        var unmapped = keys.Where(k => !mapped.Contains(k)).ToList();
        Assert.That(unmapped, Has.Count.EqualTo(12 + 2));
        Assert.That(unmapped, Has.All.StartsWith("cond_stage_model.model.transformer.resblocks.23.").Or.EqualTo("cond_stage_model.model.text_projection").Or.EqualTo("cond_stage_model.model.logit_scale"));
    }

    [Test]
    public void The_stacked_input_projection_is_split_into_query_key_and_value_rows()
    {
        using var file = SafetensorsFile.Open(Checkpoint);
        var weights = new OpenClipWeights(Checkpoint, file, OpenClipKeyMap.TextModel(Checkpoint, [.. file.Tensors.Keys]));
        var stacked = file.ReadFloats("cond_stage_model.model.transformer.resblocks.5.attn.in_proj_weight");

        var parts = new[] { "q", "k", "v" }.Select(p => weights.Floats($"text_model.encoder.layers.5.self_attn.{p}_proj.weight")).ToArray();

        Assert.That(weights.Shape("text_model.encoder.layers.5.self_attn.k_proj.weight"), Is.EqualTo(new long[] { 64, 64 }));
        Assert.That(weights.Shape("text_model.encoder.layers.5.self_attn.v_proj.bias"), Is.EqualTo(new long[] { 64 }));
        Assert.That(parts.SelectMany(p => p), Is.EqualTo(stacked));
    }

    [Test]
    public void The_text_encoder_is_inferred_as_the_files_layers_but_one_with_gelu_and_64_channel_heads()
    {
        using var file = SafetensorsFile.Open(Checkpoint);
        var weights = new OpenClipWeights(Checkpoint, file, OpenClipKeyMap.TextModel(Checkpoint, [.. file.Tensors.Keys]));

        using var config = JsonDocument.Parse(LdmArchitecture.ClipConfig(weights, "gelu"));

        var root = config.RootElement;
        Assert.That(root.GetProperty("num_hidden_layers").GetInt32(), Is.EqualTo(23));
        Assert.That(root.GetProperty("num_attention_heads").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("hidden_act").GetString(), Is.EqualTo("gelu"));
        Assert.That(weights.Contains("text_model.encoder.layers.23.self_attn.q_proj.weight"), Is.False);
    }

    [Test]
    public void The_unet_has_linear_projections_and_the_heads_and_v_prediction_of_the_original_config()
    {
        using var file = SafetensorsFile.Open(Checkpoint);
        var unet = new MappedWeights(Checkpoint, file, LdmKeyMap.Unet(Checkpoint, [.. file.Tensors.Keys]));
        var original = LdmOriginalConfig.Beside(Checkpoint);

        using var config = JsonDocument.Parse(LdmArchitecture.UnetConfig(unet, original));
        using var scheduler = JsonDocument.Parse(LdmArchitecture.SchedulerConfig(original));

        Assert.That(config.RootElement.GetProperty("use_linear_projection").GetBoolean(), Is.True);
        Assert.That(config.RootElement.GetProperty("cross_attention_dim").GetInt32(), Is.EqualTo(64));
        Assert.That(config.RootElement.GetProperty("attention_head_dim").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 2, 2 }));
        Assert.That(scheduler.RootElement.GetProperty("prediction_type").GetString(), Is.EqualTo("v_prediction"));
    }

    [Test]
    public void Without_its_original_config_an_sd2_file_is_epsilon_prediction()
    {
        using var scheduler = JsonDocument.Parse(LdmArchitecture.SchedulerConfig(new LdmOriginalConfig()));

        Assert.That(scheduler.RootElement.GetProperty("prediction_type").GetString(), Is.EqualTo("epsilon"));
    }

    [Test]
    public void An_openclip_encoder_of_one_resblock_has_no_penultimate_layer_and_is_refused_with_AF3203()
    {
        string[] keys = ["cond_stage_model.model.token_embedding.weight", "cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight"];

        var error = Assert.Throws<PluginException>(() => OpenClipKeyMap.TextModel("one.safetensors", keys))!;

        Assert.That(error.Code, Is.EqualTo("AF3203"));
        Assert.That(error.Message, Does.StartWith("one.safetensors: the OpenCLIP text encoder has 1 resblock(s)"));
    }

    [Test]
    public void A_stacked_projection_that_is_not_three_equal_parts_is_refused_with_AF3203_naming_it()
    {
        var path = Path.Combine(TestFolders.NewFolder(), "odd.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SafetensorsWriter.Write(path, [
            SafetensorsTensorData.FromFloats("cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight", new float[20], 5, 4),
            SafetensorsTensorData.FromFloats("cond_stage_model.model.transformer.resblocks.1.attn.in_proj_weight", new float[20], 5, 4),
        ]);
        using var file = SafetensorsFile.Open(path);
        var weights = new OpenClipWeights(path, file, OpenClipKeyMap.TextModel(path, [.. file.Tensors.Keys]));

        var error = Assert.Throws<PluginException>(() => weights.Floats("text_model.encoder.layers.0.self_attn.k_proj.weight"))!;

        Assert.That(error.Code, Is.EqualTo("AF3203"));
        Assert.That(error.Message, Does.Contain("'cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight' has shape [5, 4]; a stacked q/k/v projection has 3×C rows"));
    }

    [Test]
    public void The_text_encoder_graph_gives_the_hidden_states_and_pooled_output_of_diffusers_text_encoder()
    {
        using var reference = SafetensorsFile.Open(Path.Combine(DiffusersComponentReferenceTests.CaseFolder("ldm2"), "reference.safetensors"));
        string path;
        using (var file = SafetensorsFile.Open(Checkpoint))
        {
            var weights = new OpenClipWeights(Checkpoint, file, OpenClipKeyMap.TextModel(Checkpoint, [.. file.Tensors.Keys]));
            var model = ClipTextGraph.Build(ComponentConfig.FromJson(Checkpoint, LdmArchitecture.ClipConfig(weights, "gelu")), weights);
            var folder = TestFolders.NewFolder();
            Directory.CreateDirectory(folder);
            path = Path.Combine(folder, "model.onnx");
            OnnxModelWriter.Write(model, path, "model.onnx_data");
        }

        var ids = reference.Info("text_encoder.input_ids");
        var idTensor = new DenseTensor<int>(Array.ConvertAll(reference.ReadFloats(ids.Name), f => (int)f), ids.Shape.Select(d => (int)d).ToArray());
        using var session = new InferenceSession(path);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input_ids", idTensor)]);

        DiffusersComponentReferenceTests.AssertClose(results.Single(r => r.Name == "last_hidden_state").AsTensor<float>().ToArray(), reference.ReadFloats("text_encoder.last_hidden_state"));
        DiffusersComponentReferenceTests.AssertClose(results.Single(r => r.Name == "pooler_output").AsTensor<float>().ToArray(), reference.ReadFloats("text_encoder.pooler_output"));
    }
}
