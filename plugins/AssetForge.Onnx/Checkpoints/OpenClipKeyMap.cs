namespace AssetForge.Onnx.Checkpoints;

using System.Globalization;
using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Graph.Builders;

/// <summary>
/// SD 2.x's text encoder in a single-file checkpoint: OpenCLIP's text tower
/// (<c>cond_stage_model.model.transformer.resblocks.N.*</c>, <c>token_embedding</c>,
/// <c>positional_embedding</c>, <c>ln_final</c>) mapped to transformers' CLIPTextModel names as
/// diffusers' single-file loader does (convert_open_clip_checkpoint, v0.25.1): the stacked
/// attention input projection split into q/k/v by rows, <c>ln_1/ln_2</c> to
/// <c>layer_norm1/2</c>, <c>mlp.c_fc/c_proj</c> to <c>mlp.fc1/fc2</c>.
/// SD 2.x conditions on the penultimate layer: the loader builds a text model one layer shorter
/// than the file (23 of ViT-H's 24) and still applies <c>ln_final</c>, so the last resblock is not
/// mapped; neither are <c>text_projection</c> and <c>logit_scale</c>, which only CLIP's
/// image-text training uses.
/// SDXL's second encoder (<c>conditioner.embedders.1.model.*</c>, bigG) is read as diffusers reads it
/// there: CLIPTextModelWithProjection over every resblock (SDXL's pipeline takes hidden_states[-2]
/// itself, so nothing is dropped) and <c>text_projection</c> [width, projection], which OpenCLIP
/// multiplies from the right, as <c>text_projection.weight</c>, its transpose.
/// </summary>
internal static class OpenClipKeyMap
{
    private const string Blocks = "transformer.resblocks.";

    private static readonly (string OpenClip, string Transformers)[] Whole =
    [
        ("token_embedding.weight", "text_model.embeddings.token_embedding.weight"),
        ("positional_embedding", "text_model.embeddings.position_embedding.weight"),
        ("ln_final.weight", "text_model.final_layer_norm.weight"),
        ("ln_final.bias", "text_model.final_layer_norm.bias"),
    ];

    private static readonly (string OpenClip, string Transformers)[] BlockNames =
    [
        ("attn.out_proj.", "self_attn.out_proj."), ("ln_1.", "layer_norm1."), ("ln_2.", "layer_norm2."), ("mlp.c_fc.", "mlp.fc1."), ("mlp.c_proj.", "mlp.fc2."),
    ];

    private static readonly string[] Projections = ["q_proj", "k_proj", "v_proj"];

    /// <summary>Whether the checkpoint's text encoder is OpenCLIP's (SD 2.x) rather than CLIP ViT-L's (SD 1.x).</summary>
    public static bool IsPresent(IEnumerable<string> keys, string prefix = LdmKeyMap.OpenClipPrefix) =>
        keys.Any(k => k.StartsWith(prefix + Blocks, StringComparison.Ordinal));

    /// <summary>The text model's weights, by transformers' name, over the file's first resblocks but the last (SD 2.x) or all of them with the projection (SDXL).</summary>
    /// <exception cref="PluginException">AF3203: the file has fewer than two resblocks (SD 2.x) or none (SDXL).</exception>
    /// <param name="sdxl">SDXL's second encoder: every resblock, and text_projection transposed.</param>
    public static Dictionary<string, OpenClipTensor> TextModel(string source, IReadOnlyCollection<string> keys, string prefix = LdmKeyMap.OpenClipPrefix, bool sdxl = false)
    {
        var resblocks = 1 + keys.Where(k => k.StartsWith(prefix + Blocks, StringComparison.Ordinal)).Select(k => Number(k[(prefix.Length + Blocks.Length)..].Split('.')[0])).DefaultIfEmpty(-1).Max();
        if (sdxl && resblocks < 1)
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{source}: the SDXL file has no second text encoder ('{prefix}{Blocks}0.attn.in_proj_weight' not found).");
        }

        if (!sdxl && resblocks < 2)
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{source}: the OpenCLIP text encoder has {resblocks} resblock(s); SD 2.x uses the penultimate layer's output, so it needs at least two.");
        }

        var used = sdxl ? resblocks : resblocks - 1;
        var map = new Dictionary<string, OpenClipTensor>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = key[prefix.Length..];
            if (sdxl && name == "text_projection")
            {
                map["text_projection.weight"] = new OpenClipTensor(key, Transposed: true);
            }

            foreach (var (openClip, transformers) in Whole)
            {
                if (name == openClip)
                {
                    map[transformers] = new OpenClipTensor(key);
                }
            }

            if (!name.StartsWith(Blocks, StringComparison.Ordinal))
            {
                continue;
            }

            var dot = name.IndexOf('.', Blocks.Length);
            var layer = Number(name[Blocks.Length..dot]);
            if (layer < 0 || layer >= used)
            {
                continue;
            }

            var layerPrefix = string.Create(CultureInfo.InvariantCulture, $"text_model.encoder.layers.{layer}.");
            var rest = name[(dot + 1)..];
            if (rest is "attn.in_proj_weight" or "attn.in_proj_bias")
            {
                var kind = rest == "attn.in_proj_weight" ? "weight" : "bias";
                for (var third = 0; third < Projections.Length; third++)
                {
                    map[$"{layerPrefix}self_attn.{Projections[third]}.{kind}"] = new OpenClipTensor(key, third);
                }

                continue;
            }

            foreach (var (openClip, transformers) in BlockNames)
            {
                if (rest.StartsWith(openClip, StringComparison.Ordinal))
                {
                    map[layerPrefix + transformers + rest[openClip.Length..]] = new OpenClipTensor(key);
                }
            }
        }

        return map;
    }

    private static int Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
}
