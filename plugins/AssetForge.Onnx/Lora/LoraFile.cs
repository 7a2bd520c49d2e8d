namespace AssetForge.Onnx.Lora;

using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Safetensors;

/// <summary>
/// A LoRA file's modules, matched to the model's weights. Two formats: kohya-ss
/// (<c>lora_unet_&lt;module path with _&gt;.lora_down.weight</c> / <c>.lora_up.weight</c> / <c>.alpha</c>,
/// <c>lora_te_</c> or <c>lora_te1_</c> for the text encoder, <c>lora_te2_</c> for SDXL's second) and
/// diffusers/PEFT (<c>unet.&lt;module&gt;.lora_A.weight</c> / <c>.lora_B.weight</c>, <c>text_encoder.</c>,
/// <c>text_encoder_2.</c>). kohya's names are the module paths with dots
/// replaced by underscores, which is ambiguous (<c>to_q</c>, <c>down_blocks</c>): they are matched
/// against the model's own weight names, never split by guesswork; SDXL files from sd-scripts,
/// named after the original blocks (<c>lora_unet_input_blocks_…</c>), are matched through
/// <see cref="SgmBlockNames"/>. A key that matches nothing is
/// an error naming it, with the closest name the model has.
/// </summary>
internal static class LoraFile
{
    private const string KohyaDown = ".lora_down.weight", KohyaUp = ".lora_up.weight", KohyaAlpha = ".alpha";
    private const string PeftDown = ".lora_A.weight", PeftUp = ".lora_B.weight";

    /// <exception cref="LoraException">AF3204: a key matches no weight of the model, or a pair is incomplete.</exception>
    /// <param name="textEncoder2">SDXL's second text encoder; null for models with one.</param>
    public static IReadOnlyList<LoraModule> Match(SafetensorsFile file, IModelWeights unet, IModelWeights textEncoder, IModelWeights? textEncoder2 = null)
    {
        var kohyaNames = new Dictionary<string, (LoraComponent, string)>(StringComparer.Ordinal);
        AddKohyaNames(kohyaNames, "lora_unet_", LoraComponent.Unet, unet);
        AddSgmNames(kohyaNames, unet);
        AddKohyaNames(kohyaNames, "lora_te_", LoraComponent.TextEncoder, textEncoder);

        // kohya-ss names SDXL's encoders te1 and te2 (diffusers reads lora_te1_ as lora_te_).
        AddKohyaNames(kohyaNames, "lora_te1_", LoraComponent.TextEncoder, textEncoder);
        if (textEncoder2 is not null)
        {
            AddKohyaNames(kohyaNames, "lora_te2_", LoraComponent.TextEncoder2, textEncoder2);
        }

        var modules = new List<LoraModule>();
        foreach (var key in file.Tensors.Keys.Order(StringComparer.Ordinal))
        {
            if (key.EndsWith(KohyaDown, StringComparison.Ordinal))
            {
                var module = key[..^KohyaDown.Length];
                if (!kohyaNames.TryGetValue(module, out var target))
                {
                    throw Unmatched(file.Path, key, module, kohyaNames.Keys);
                }

                modules.Add(new LoraModule(target.Item1, target.Item2, key, Partner(file, key, module + KohyaUp), file.Tensors.ContainsKey(module + KohyaAlpha) ? module + KohyaAlpha : null));
            }
            else if (key.EndsWith(PeftDown, StringComparison.Ordinal))
            {
                var module = key[..^PeftDown.Length];
                var (component, weights, name) = module.StartsWith("unet.", StringComparison.Ordinal) ? (LoraComponent.Unet, unet, module["unet.".Length..])
                    : module.StartsWith("text_encoder.", StringComparison.Ordinal) ? (LoraComponent.TextEncoder, textEncoder, module["text_encoder.".Length..])
                    : module.StartsWith("text_encoder_2.", StringComparison.Ordinal) && textEncoder2 is not null ? (LoraComponent.TextEncoder2, textEncoder2, module["text_encoder_2.".Length..])
                    : throw new LoraException(file.Path, textEncoder2 is null
                        ? $"LoRA key '{key}' names neither the UNet (unet.) nor the text encoder (text_encoder.)."
                        : $"LoRA key '{key}' names neither the UNet (unet.) nor a text encoder (text_encoder., text_encoder_2.).");
                if (!weights.Contains(name + ".weight"))
                {
                    throw Unmatched(file.Path, key, name, Modules(weights));
                }

                modules.Add(new LoraModule(component, name + ".weight", key, Partner(file, key, module + PeftUp), file.Tensors.ContainsKey(module + ".alpha") ? module + ".alpha" : null));
            }
            else if (!key.EndsWith(KohyaUp, StringComparison.Ordinal) && !key.EndsWith(KohyaAlpha, StringComparison.Ordinal) && !key.EndsWith(PeftUp, StringComparison.Ordinal))
            {
                throw new LoraException(file.Path, $"LoRA key '{key}' is neither kohya-ss (.lora_down/.lora_up/.alpha) nor diffusers/PEFT (.lora_A/.lora_B).");
            }
        }

        if (modules.Count == 0)
        {
            throw new LoraException(file.Path, "the file holds no LoRA modules.");
        }

        return modules;
    }

    private static void AddKohyaNames(Dictionary<string, (LoraComponent, string)> names, string prefix, LoraComponent component, IModelWeights weights)
    {
        foreach (var module in Modules(weights))
        {
            names.TryAdd(prefix + module.Replace('.', '_'), (component, module + ".weight"));
        }
    }

    /// <summary>sd-scripts' SDXL names, after the original blocks, for the UNet's block modules (transformers, resnets, down- and upsamplers).</summary>
    private static void AddSgmNames(Dictionary<string, (LoraComponent, string)> names, IModelWeights unet)
    {
        var layersPerBlock = SgmBlockNames.LayersPerBlock(unet);
        bool UpLevelAttends(int level) => SgmBlockNames.UpLevelAttends(unet, level);
        foreach (var module in Modules(unet))
        {
            if (SgmBlockNames.Of(module, layersPerBlock, UpLevelAttends) is { } original)
            {
                names.TryAdd("lora_unet_" + original.Replace('.', '_'), (LoraComponent.Unet, module + ".weight"));
            }
        }
    }

    private static IEnumerable<string> Modules(IModelWeights weights)
    {
        foreach (var name in weights.Names)
        {
            if (name.EndsWith(".weight", StringComparison.Ordinal))
            {
                yield return name[..^".weight".Length];
            }
        }
    }

    private static string Partner(SafetensorsFile file, string key, string partner) =>
        file.Tensors.ContainsKey(partner) ? partner : throw new LoraException(file.Path, $"LoRA key '{key}' has no '{partner}'.");

    private static LoraException Unmatched(string path, string key, string module, IEnumerable<string> candidates)
    {
        var closest = ClosestName.Find(module, candidates);
        var hint = closest is null ? string.Empty : $"; did you mean '{closest}'?";
        return new LoraException(path, $"LoRA key '{key}' matches no weight of the model{hint}");
    }
}
