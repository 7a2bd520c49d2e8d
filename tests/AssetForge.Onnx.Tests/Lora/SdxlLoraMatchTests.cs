namespace AssetForge.Onnx.Tests.Lora;

using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Lora;
using AssetForge.Onnx.Safetensors;
using AssetForge.Onnx.Tests.Text;

/// <summary>
/// SDXL LoRAs (tests/reference/sdxl/lora, made by make_checkpoint_reference.py) matched against the
/// tiny SDXL diffusers folder: kohya-ss lora_te1_/lora_te2_ and PEFT text_encoder./text_encoder_2.
/// keys reach the first and the second text encoder. The pixels they give are checked end to end
/// in AssetForge.Cli.Tests' SdxlBuildTests.
/// </summary>
public sealed class SdxlLoraMatchTests
{
    private static readonly string SdxlDirectory = Path.Combine(ClipTokenizerFolder.RepoRoot, "tests", "reference", "sdxl");

    [TestCase("kohya", "lora_te1_", "lora_te2_")]
    [TestCase("peft", "text_encoder.", "text_encoder_2.")]
    public void Text_encoder_keys_reach_the_first_and_the_second_encoder_of_an_sdxl_model(string format, string firstPrefix, string secondPrefix)
    {
        using var weights = new SdxlWeights();
        using var file = SafetensorsFile.Open(Path.Combine(SdxlDirectory, "lora", format + ".safetensors"));

        var modules = LoraFile.Match(file, weights.Unet, weights.TextEncoder, weights.TextEncoder2);

        Assert.That(modules.Where(m => m.DownKey.StartsWith(firstPrefix, StringComparison.Ordinal)).Select(m => m.Component), Is.Not.Empty.And.All.EqualTo(LoraComponent.TextEncoder));
        Assert.That(modules.Where(m => m.DownKey.StartsWith(secondPrefix, StringComparison.Ordinal)).Select(m => m.Component), Is.Not.Empty.And.All.EqualTo(LoraComponent.TextEncoder2));
        Assert.That(modules.Where(m => m.Component == LoraComponent.TextEncoder2).Select(m => m.Target), Is.All.Matches<string>(weights.TextEncoder2.Contains));
    }

    [Test]
    public void Sd_scripts_original_block_names_reach_the_weights_of_the_same_modules_under_diffusers_names()
    {
        using var weights = new SdxlWeights();
        using var plain = SafetensorsFile.Open(Path.Combine(SdxlDirectory, "lora", "kohya.safetensors"));
        using var sgm = SafetensorsFile.Open(Path.Combine(SdxlDirectory, "lora", "kohya_sgm.safetensors"));

        var byName = LoraFile.Match(plain, weights.Unet, weights.TextEncoder, weights.TextEncoder2).ToDictionary(m => m.DownKey, m => m.Target);
        var original = LoraFile.Match(sgm, weights.Unet, weights.TextEncoder, weights.TextEncoder2);

        Assert.That(original.Select(m => m.DownKey), Has.Some.StartsWith("lora_unet_input_blocks_").And.Some.StartsWith("lora_unet_middle_block_1_").And.Some.StartsWith("lora_unet_output_blocks_"));
        var attentions = original.Where(m => m.Target.Contains(".attentions.", StringComparison.Ordinal)).Select(m => m.Target);
        Assert.That(attentions, Is.EquivalentTo(byName.Where(p => p.Value.Contains(".attentions.", StringComparison.Ordinal)).Select(p => p.Value)));
        Assert.That(original.Where(m => m.Component != LoraComponent.Unet).Select(m => m.Target), Is.SubsetOf(byName.Values));
    }

    /// <summary>The resnet, downsampler and upsampler modules of kohya_sgm.safetensors, whose mapping back diffusers' converter confirms in make_checkpoint_reference.py.</summary>
    [TestCase("lora_unet_input_blocks_1_0_in_layers_2", "down_blocks.0.resnets.0.conv1.weight")]
    [TestCase("lora_unet_input_blocks_1_0_emb_layers_1", "down_blocks.0.resnets.0.time_emb_proj.weight")]
    [TestCase("lora_unet_input_blocks_3_0_out_layers_3", "down_blocks.1.resnets.0.conv2.weight")]
    [TestCase("lora_unet_input_blocks_3_0_skip_connection", "down_blocks.1.resnets.0.conv_shortcut.weight")]
    [TestCase("lora_unet_input_blocks_2_0_op", "down_blocks.0.downsamplers.0.conv.weight")]
    [TestCase("lora_unet_middle_block_0_in_layers_2", "mid_block.resnets.0.conv1.weight")]
    [TestCase("lora_unet_middle_block_2_emb_layers_1", "mid_block.resnets.1.time_emb_proj.weight")]
    [TestCase("lora_unet_output_blocks_1_0_in_layers_2", "up_blocks.0.resnets.1.conv1.weight")]
    [TestCase("lora_unet_output_blocks_0_0_skip_connection", "up_blocks.0.resnets.0.conv_shortcut.weight")]
    [TestCase("lora_unet_output_blocks_1_2_conv", "up_blocks.0.upsamplers.0.conv.weight")]
    public void Sd_scripts_resnet_and_sampler_names_reach_their_diffusers_weights(string module, string target)
    {
        using var weights = new SdxlWeights();
        using var sgm = SafetensorsFile.Open(Path.Combine(SdxlDirectory, "lora", "kohya_sgm.safetensors"));

        var modules = LoraFile.Match(sgm, weights.Unet, weights.TextEncoder, weights.TextEncoder2);

        Assert.That(modules.Single(m => m.DownKey == module + ".lora_down.weight").Target, Is.EqualTo(target));
    }

    /// <summary>The real SDXL base's numbering: three levels of two resnets, attention on levels 1 and 2 (up levels 0 and 1).</summary>
    [TestCase("down_blocks.0.resnets.1.conv2", "input_blocks.2.0.out_layers.3")]
    [TestCase("down_blocks.0.downsamplers.0.conv", "input_blocks.3.0.op")]
    [TestCase("down_blocks.1.downsamplers.0.conv", "input_blocks.6.0.op")]
    [TestCase("down_blocks.2.attentions.1.transformer_blocks.9.attn2.to_k", "input_blocks.8.1.transformer_blocks.9.attn2.to_k")]
    [TestCase("mid_block.resnets.1.conv_shortcut", "middle_block.2.skip_connection")]
    [TestCase("up_blocks.0.resnets.2.time_emb_proj", "output_blocks.2.0.emb_layers.1")]
    [TestCase("up_blocks.0.upsamplers.0.conv", "output_blocks.2.2.conv")]
    [TestCase("up_blocks.1.upsamplers.0.conv", "output_blocks.5.2.conv")]
    [TestCase("up_blocks.2.resnets.0.conv1", "output_blocks.6.0.in_layers.2")]
    [TestCase("conv_in", null)]
    [TestCase("add_embedding.linear_1", null)]
    public void Sgm_paths_follow_the_original_numbering_of_sdxl_base(string module, string? expected)
    {
        Assert.That(SgmBlockNames.Of(module, 2, level => level < 2), Is.EqualTo(expected));
    }

    [Test]
    public void An_upsampler_after_a_level_without_attention_sits_in_slot_1()
    {
        Assert.That(SgmBlockNames.Of("up_blocks.1.upsamplers.0.conv", 1, _ => false), Is.EqualTo("output_blocks.3.1.conv"));
    }

    [Test]
    public void A_second_text_encoder_key_on_a_model_with_one_encoder_is_an_error_naming_it()
    {
        using var weights = new SdxlWeights();
        using var file = SafetensorsFile.Open(Path.Combine(SdxlDirectory, "lora", "peft.safetensors"));

        var error = Assert.Throws<LoraException>(() => LoraFile.Match(file, weights.Unet, weights.TextEncoder))!;

        Assert.That(error.Code, Is.EqualTo("AF3204"));
        Assert.That(error.Message, Does.Contain("'text_encoder_2.text_model.encoder.layers.0.self_attn.out_proj.lora_A.weight' names neither the UNet (unet.) nor the text encoder (text_encoder.)"));
    }

    [Test]
    public void A_kohya_te2_key_on_a_model_with_one_encoder_matches_no_weight()
    {
        using var weights = new SdxlWeights();
        using var file = SafetensorsFile.Open(Path.Combine(SdxlDirectory, "lora", "kohya.safetensors"));

        var error = Assert.Throws<LoraException>(() => LoraFile.Match(file, weights.Unet, weights.TextEncoder))!;

        Assert.That(error.Message, Does.Contain("LoRA key 'lora_te2_").And.Contain("matches no weight of the model"));
    }

    /// <summary>The tiny SDXL folder's UNet and both text encoders.</summary>
    private sealed class SdxlWeights : IDisposable
    {
        private readonly SafetensorsWeights _unet = Open("unet", "diffusion_pytorch_model.safetensors");
        private readonly SafetensorsWeights _textEncoder = Open("text_encoder", "model.safetensors");
        private readonly SafetensorsWeights _textEncoder2 = Open("text_encoder_2", "model.safetensors");

        public IModelWeights Unet => _unet;

        public IModelWeights TextEncoder => _textEncoder;

        public IModelWeights TextEncoder2 => _textEncoder2;

        public void Dispose()
        {
            _unet.Dispose();
            _textEncoder.Dispose();
            _textEncoder2.Dispose();
        }

        private static SafetensorsWeights Open(string component, string file) => new(component, [Path.Combine(SdxlDirectory, "diffusers", component, file)]);
    }
}
