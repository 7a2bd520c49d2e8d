namespace AssetForge.Onnx.Lora;

using System.Globalization;
using AssetForge.Onnx.Graph.Builders;

/// <summary>
/// The original (SGM/LDM) block paths of a UNet's transformer modules: kohya-ss' sd-scripts name
/// SDXL LoRAs after them (<c>lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q</c>), where
/// diffusers says <c>down_blocks.1.attentions.0</c>. The numbering is the one diffusers'
/// _maybe_map_sgm_blocks_to_diffusers undoes: input block 1 + level·(layers+1) + layer, output
/// block level·(layers+1) + layer, slot 1 for the attention; middle block 1. Only transformer
/// modules are named, as there the inner names of both layouts agree.
/// </summary>
internal static class SgmBlockNames
{
    /// <summary>The SGM path of a diffusers module path, or null when it is not inside a transformer.</summary>
    public static string? Of(string module, int layersPerBlock)
    {
        var parts = module.Split('.');
        if (parts.Length < 5 || parts[2] != "attentions" && !(parts[0] == "mid_block" && parts[1] == "attentions"))
        {
            return null;
        }

        if (parts[0] == "mid_block")
        {
            return parts[2] == "0" ? "middle_block.1." + string.Join('.', parts[3..]) : null;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var level) || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var layer))
        {
            return null;
        }

        var rest = string.Join('.', parts[4..]);
        return parts[0] switch
        {
            "down_blocks" => string.Create(CultureInfo.InvariantCulture, $"input_blocks.{1 + (level * (layersPerBlock + 1)) + layer}.1.{rest}"),
            "up_blocks" => string.Create(CultureInfo.InvariantCulture, $"output_blocks.{(level * (layersPerBlock + 1)) + layer}.1.{rest}"),
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
}
