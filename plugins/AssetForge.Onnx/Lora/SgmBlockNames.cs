namespace AssetForge.Onnx.Lora;

using System.Globalization;
using AssetForge.Onnx.Checkpoints;
using AssetForge.Onnx.Graph.Builders;

/// <summary>
/// The original (SGM/LDM) paths of a UNet's modules: kohya-ss' sd-scripts name SDXL LoRAs after
/// them (<c>lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q</c>,
/// <c>lora_unet_input_blocks_1_0_in_layers_2</c>), where diffusers says
/// <c>down_blocks.1.attentions.0</c> and <c>down_blocks.0.resnets.0.conv1</c>. The numbering is the
/// one diffusers' _maybe_map_sgm_blocks_to_diffusers undoes: input block 1 + level·(layers+1) +
/// layer, output block level·(layers+1) + layer; slot 0 the resnet, 1 the attention; a down level's
/// downsampler is its last input block's <c>0.op</c>, an up level's upsampler the <c>conv</c> after
/// its last resnet (slot 2 after an attention, else 1); middle block 0, 1, 2 = resnet, attention,
/// resnet. Transformer modules keep their inner names; resnets take the original's
/// (in_layers.2 = conv1, out_layers.3 = conv2, emb_layers.1 = time_emb_proj, skip_connection =
/// conv_shortcut), as in <see cref="LdmKeyMap"/>.
/// </summary>
internal static class SgmBlockNames
{
    /// <summary>The SGM path of a diffusers module path, or null when it has none (conv_in, time_embedding, add_embedding …).</summary>
    /// <param name="upLevelAttends">Whether up level N has attentions, which moves its upsampler from slot 1 to slot 2.</param>
    public static string? Of(string module, int layersPerBlock, Func<int, bool> upLevelAttends)
    {
        var parts = module.Split('.');
        if (parts[0] == "mid_block")
        {
            return parts.Length < 4 ? null : (parts[1], parts[2]) switch
            {
                ("attentions", "0") => "middle_block.1." + string.Join('.', parts[3..]),
                ("resnets", "0") => "middle_block.0." + Resnet(string.Join('.', parts[3..])),
                ("resnets", "1") => "middle_block.2." + Resnet(string.Join('.', parts[3..])),
                _ => null,
            };
        }

        if (parts.Length < 5 || parts[0] is not ("down_blocks" or "up_blocks")
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var level)
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var layer))
        {
            return null;
        }

        var down = parts[0] == "down_blocks";
        var (blocks, first) = down ? ("input_blocks", 1) : ("output_blocks", 0);
        var rest = string.Join('.', parts[4..]);
        var block = first + (level * (layersPerBlock + 1));
        return parts[2] switch
        {
            "attentions" => string.Create(CultureInfo.InvariantCulture, $"{blocks}.{block + layer}.1.{rest}"),
            "resnets" => string.Create(CultureInfo.InvariantCulture, $"{blocks}.{block + layer}.0.{Resnet(rest)}"),
            "downsamplers" when down && rest == "conv" => string.Create(CultureInfo.InvariantCulture, $"input_blocks.{block + layersPerBlock}.0.op"),
            "upsamplers" when !down && rest == "conv" => string.Create(CultureInfo.InvariantCulture, $"output_blocks.{block + layersPerBlock}.{(upLevelAttends(level) ? 2 : 1)}.conv"),
            _ => null,
        };
    }

    /// <summary>layers_per_block, from the resnets of the first down block (the config need not be at hand).</summary>
    public static int LayersPerBlock(IModelWeights unet)
    {
        var layers = 0;
        while (unet.Contains(string.Create(CultureInfo.InvariantCulture, $"down_blocks.0.resnets.{layers}.conv1.weight")))
        {
            layers++;
        }

        return layers;
    }

    /// <summary>Whether up level <paramref name="level"/> of <paramref name="unet"/> has attentions (a CrossAttnUpBlock2D).</summary>
    public static bool UpLevelAttends(IModelWeights unet, int level) =>
        unet.Contains(string.Create(CultureInfo.InvariantCulture, $"up_blocks.{level}.attentions.0.norm.weight"));

    private static string Resnet(string inner)
    {
        foreach (var (ldm, diffusers) in LdmKeyMap.ResnetNames)
        {
            if (inner == diffusers || inner.StartsWith(diffusers + ".", StringComparison.Ordinal))
            {
                return ldm + inner[diffusers.Length..];
            }
        }

        return inner;
    }
}
