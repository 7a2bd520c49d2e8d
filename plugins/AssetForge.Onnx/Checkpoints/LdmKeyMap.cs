namespace AssetForge.Onnx.Checkpoints;

using System.Globalization;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Graph.Builders;

/// <summary>
/// The original (CompVis/LDM) key layout of a single-file Stable Diffusion checkpoint, mapped to
/// diffusers' names as diffusers' single-file loader does (convert_from_ckpt.py): the UNet's
/// numbered input/middle/output blocks to down/mid/up blocks, the VAE's down/mid/up (the decoder's
/// levels reversed), the CLIP text model's prefix. Each map goes from diffusers name to file key.
/// EMA copies (<c>model_ema.*</c>) are ignored: like diffusers' default, the non-EMA weights are used.
/// SDXL files (Stability's SGM layout) keep the UNet and VAE keys, move the text encoders under
/// <c>conditioner.embedders.N</c> (0: CLIP ViT-L with transformers' names, 1: OpenCLIP bigG) and add
/// <c>label_emb.0.0</c>/<c>label_emb.0.2</c>, the text_time embedding's two linears.
/// </summary>
internal static class LdmKeyMap
{
    public const string UnetPrefix = "model.diffusion_model.";
    public const string VaePrefix = "first_stage_model.";
    public const string ClipPrefix = "cond_stage_model.transformer.";
    public const string OpenClipPrefix = "cond_stage_model.model.";
    public const string SdxlClipPrefix = "conditioner.embedders.0.transformer.";
    public const string SdxlOpenClipPrefix = "conditioner.embedders.1.model.";

    /// <summary>The file's key of add_embedding.linear_1.weight in an SDXL file, named in its errors.</summary>
    public const string SdxlLabelEmbedding = UnetPrefix + "label_emb.0.0.weight";

    /// <summary>A resnet's inner names: the original's (in_layers.2 …) and diffusers' (conv1 …).</summary>
    public static readonly (string Ldm, string Diffusers)[] ResnetNames =
        [("in_layers.0", "norm1"), ("in_layers.2", "conv1"), ("out_layers.0", "norm2"), ("out_layers.3", "conv2"), ("emb_layers.1", "time_emb_proj"), ("skip_connection", "conv_shortcut")];

    private static readonly (string Ldm, string Diffusers)[] VaeAttentionNames =
        [("norm", "group_norm"), ("q", "to_q"), ("k", "to_k"), ("v", "to_v"), ("proj_out", "to_out.0")];

    /// <summary>Whether the file is an SDXL base model: it has the second text encoder, OpenCLIP bigG, under the conditioner.</summary>
    public static bool IsSdxl(IEnumerable<string> keys) => keys.Any(k => k.StartsWith(SdxlOpenClipPrefix, StringComparison.Ordinal));

    /// <param name="sdxl">Map <c>label_emb</c> to SDXL's add_embedding; otherwise class conditioning is refused (AF3203).</param>
    public static Dictionary<string, string> Unet(string source, IReadOnlyCollection<string> keys, bool sdxl = false)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var layers = UnetLayersPerBlock(keys);
        foreach (var key in keys)
        {
            if (!key.StartsWith(UnetPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var parts = key[UnetPrefix.Length..].Split('.');
            var rest = string.Join('.', parts.Skip(3));
            string? name = parts[0] switch
            {
                "time_embed" => $"time_embedding.linear_{(parts[1] == "0" ? 1 : 2)}.{parts[2]}",
                "out" => (parts[1] == "0" ? "conv_norm_out." : "conv_out.") + parts[2],
                "input_blocks" when parts[1] == "0" => "conv_in." + parts[3],
                "input_blocks" => InputBlock(Number(parts[1]) - 1, layers, parts[2], rest),
                "middle_block" => Middle(parts[1], string.Join('.', parts.Skip(2))),
                "output_blocks" => OutputBlock(Number(parts[1]), layers, parts[2], rest),
                "label_emb" when sdxl && parts.Length == 4 && parts[1] == "0" && parts[2] is "0" or "2" => $"add_embedding.linear_{(parts[2] == "0" ? 1 : 2)}.{parts[3]}",
                "label_emb" => throw new PluginException(ComponentConfig.ErrorCode, $"{source}: the UNet has class or SDXL conditioning (label_emb), which AssetForge's graph builders do not support yet."),
                _ => null,
            };
            if (name is not null)
            {
                map[name] = key;
            }
        }

        return map;
    }

    public static Dictionary<string, string> Vae(IReadOnlyCollection<string> keys)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var decoderLevels = 1 + keys.Where(k => k.StartsWith(VaePrefix + "decoder.up.", StringComparison.Ordinal)).Select(k => Number(k.Split('.')[3])).DefaultIfEmpty(-1).Max();
        foreach (var key in keys)
        {
            if (!key.StartsWith(VaePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var parts = key[VaePrefix.Length..].Split('.');
            var name = parts.Length > 2 && parts[1] is "down" or "up" ? Level(parts, decoderLevels)
                : parts.Length > 2 && parts[1] == "mid" ? $"{parts[0]}.{Mid(parts)}"
                : key[VaePrefix.Length..].Replace("norm_out.", "conv_norm_out.", StringComparison.Ordinal);
            map[name] = key;
        }

        return map;
    }

    /// <summary>SD 1.x's CLIP ViT-L (transformers' names, with or without the text_model level of older files); SDXL's first encoder under <see cref="SdxlClipPrefix"/>.</summary>
    public static Dictionary<string, string> Clip(IReadOnlyCollection<string> keys, string prefix = ClipPrefix)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                var name = key[prefix.Length..];
                map[name.StartsWith("text_model.", StringComparison.Ordinal) ? name : "text_model." + name] = key;
            }
        }

        return map;
    }

    private static string Level(string[] parts, int decoderLevels)
    {
        // encoder.down.L.block.N.* / encoder.down.L.downsample.conv.*; decoder.up.L.* with L counted from the bottom.
        var level = Number(parts[2]);
        var (list, index) = parts[1] == "down" ? ("down_blocks", level) : ("up_blocks", decoderLevels - 1 - level);
        var rest = string.Join('.', parts.Skip(4));
        var inner = parts[3] switch
        {
            "block" => $"resnets.{rest.Replace("nin_shortcut", "conv_shortcut", StringComparison.Ordinal)}",
            "downsample" => "downsamplers.0." + rest,
            _ => "upsamplers.0." + rest,
        };
        return string.Create(CultureInfo.InvariantCulture, $"{parts[0]}.{list}.{index}.{inner}");
    }

    private static string Mid(string[] parts)
    {
        var rest = string.Join('.', parts.Skip(3));
        if (parts[2] == "attn_1")
        {
            foreach (var (ldm, diffusers) in VaeAttentionNames)
            {
                if (rest.StartsWith(ldm + ".", StringComparison.Ordinal))
                {
                    return "mid_block.attentions.0." + diffusers + rest[ldm.Length..];
                }
            }

            return "mid_block.attentions.0." + rest;
        }

        var resnet = parts[2] == "block_1" ? 0 : 1;
        return string.Create(CultureInfo.InvariantCulture, $"mid_block.resnets.{resnet}.{rest.Replace("nin_shortcut", "conv_shortcut", StringComparison.Ordinal)}");
    }

    private static string InputBlock(int index, int layers, string slot, string rest)
    {
        var (level, layer) = (index / (layers + 1), index % (layers + 1));
        if (rest.StartsWith("op.", StringComparison.Ordinal) || (slot == "0" && layer == layers))
        {
            return string.Create(CultureInfo.InvariantCulture, $"down_blocks.{level}.downsamplers.0.conv.{rest[(rest.IndexOf('.', StringComparison.Ordinal) + 1)..]}");
        }

        return slot == "0"
            ? string.Create(CultureInfo.InvariantCulture, $"down_blocks.{level}.resnets.{layer}.{Resnet(rest)}")
            : string.Create(CultureInfo.InvariantCulture, $"down_blocks.{level}.attentions.{layer}.{rest}");
    }

    private static string OutputBlock(int index, int layers, string slot, string rest)
    {
        var (level, layer) = (index / (layers + 1), index % (layers + 1));
        if (slot != "0" && rest.StartsWith("conv.", StringComparison.Ordinal))
        {
            return string.Create(CultureInfo.InvariantCulture, $"up_blocks.{level}.upsamplers.0.{rest}");
        }

        return slot == "0"
            ? string.Create(CultureInfo.InvariantCulture, $"up_blocks.{level}.resnets.{layer}.{Resnet(rest)}")
            : string.Create(CultureInfo.InvariantCulture, $"up_blocks.{level}.attentions.{layer}.{rest}");
    }

    private static string Middle(string slot, string rest) => slot switch
    {
        "0" => "mid_block.resnets.0." + Resnet(rest),
        "1" => "mid_block.attentions.0." + rest,
        _ => "mid_block.resnets.1." + Resnet(rest),
    };

    private static string Resnet(string rest)
    {
        foreach (var (ldm, diffusers) in ResnetNames)
        {
            if (rest.StartsWith(ldm + ".", StringComparison.Ordinal))
            {
                return diffusers + rest[ldm.Length..];
            }
        }

        return rest;
    }

    /// <summary>Resnets per down level: the first downsampler (<c>input_blocks.N.0.op</c>) sits at N = layers + 1.</summary>
    private static int UnetLayersPerBlock(IReadOnlyCollection<string> keys)
    {
        var first = int.MaxValue;
        var last = 0;
        foreach (var key in keys)
        {
            if (key.StartsWith(UnetPrefix + "input_blocks.", StringComparison.Ordinal))
            {
                var parts = key[UnetPrefix.Length..].Split('.');
                var index = Number(parts[1]);
                last = Math.Max(last, index);
                if (parts.Length > 3 && parts[3] == "op")
                {
                    first = Math.Min(first, index);
                }
            }
        }

        return first == int.MaxValue ? last : first - 1;
    }

    private static int Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
}
