namespace AssetForge.Onnx.Tests.Checkpoints;

using System.Text.Json;
using AssetForge.Onnx.Checkpoints;
using AssetForge.Onnx.Safetensors;
using AssetForge.Onnx.Tests.Graph.Builders;

/// <summary>
/// A single-file checkpoint's architecture from its tensor shapes and key presence alone, on the
/// tiny LDM-layout file of tests/reference/checkpoints/ldm (made from a diffusers UNet with
/// block_out_channels [32, 32], one resnet per level, attention on the first level, context 64).
/// </summary>
public sealed class LdmArchitectureTests
{
    private static readonly string Checkpoint = Path.Combine(DiffusersComponentReferenceTests.CaseFolder("ldm"), "model.safetensors");

    [Test]
    public void The_unet_configuration_is_inferred_from_shapes_and_key_presence()
    {
        using var file = SafetensorsFile.Open(Checkpoint);
        var unet = new MappedWeights(Checkpoint, file, LdmKeyMap.Unet(Checkpoint, [.. file.Tensors.Keys]));

        using var config = JsonDocument.Parse(LdmArchitecture.UnetConfig(unet, new LdmOriginalConfig()));

        var root = config.RootElement;
        Assert.That(root.GetProperty("block_out_channels").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 32, 32 }));
        Assert.That(root.GetProperty("layers_per_block").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("down_block_types").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "CrossAttnDownBlock2D", "DownBlock2D" }));
        Assert.That(root.GetProperty("up_block_types").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "UpBlock2D", "CrossAttnUpBlock2D" }));
        Assert.That(root.GetProperty("cross_attention_dim").GetInt32(), Is.EqualTo(64));
        Assert.That(root.GetProperty("use_linear_projection").GetBoolean(), Is.False);
        // Without model.yaml, SD 1.x's convention: 8 heads per level.
        Assert.That(root.GetProperty("attention_head_dim").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 8, 8 }));
    }

    [Test]
    public void The_original_config_beside_the_file_gives_the_head_count()
    {
        Assert.That(LdmOriginalConfig.Beside(Checkpoint).NumHeads, Is.EqualTo(2));
    }

    [Test]
    public void Every_unet_and_vae_weight_of_the_file_maps_to_a_diffusers_name()
    {
        using var file = SafetensorsFile.Open(Checkpoint);
        var keys = file.Tensors.Keys.ToList();

        var mapped = LdmKeyMap.Unet(Checkpoint, keys).Values.Concat(LdmKeyMap.Vae(keys).Values).Concat(LdmKeyMap.Clip(keys).Values).ToHashSet();

        Assert.That(keys.Where(k => !mapped.Contains(k)), Is.Empty);
    }
}
