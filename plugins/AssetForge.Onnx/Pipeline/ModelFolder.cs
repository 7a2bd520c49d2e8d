namespace AssetForge.Onnx.Pipeline;

using System.Text.Json;
using AssetForge.Abstractions.Plugins;

/// <summary>
/// A model folder in the diffusers/Optimum ONNX export layout, checked for the files the
/// text-to-image pipeline needs, with the few settings it reads from the JSON configs.
/// </summary>
internal sealed record ModelFolder(string Directory)
{
    private const float DefaultScalingFactor = 0.18215f;

    public string TextEncoderPath => Path.Combine(Directory, "text_encoder", "model.onnx");

    public string UnetPath => Path.Combine(Directory, "unet", "model.onnx");

    public string VaeDecoderPath => Path.Combine(Directory, "vae_decoder", "model.onnx");

    /// <summary>img2img's encoder; optional (text-to-image does not need it).</summary>
    public string VaeEncoderPath => Path.Combine(Directory, "vae_encoder", "model.onnx");

    public string TokenizerDirectory => Path.Combine(Directory, "tokenizer");

    /// <summary>SDXL's second text encoder (CLIPTextModelWithProjection); its presence makes the folder an SDXL export.</summary>
    public string TextEncoder2Path => Path.Combine(Directory, "text_encoder_2", "model.onnx");

    /// <summary>SDXL's second tokenizer (it pads with its own pad token, <c>!</c> in the real model).</summary>
    public string Tokenizer2Directory => Path.Combine(Directory, "tokenizer_2");

    /// <summary>Whether the folder is an SDXL export: it has <c>text_encoder_2/model.onnx</c>.</summary>
    public bool HasSecondTextEncoder { get; private init; }

    /// <summary>
    /// model_index.json's <c>force_zeros_for_empty_prompt</c>: an absent negative prompt gives zero
    /// embeddings. True when the file does not say, as diffusers' SDXL pipelines default it.
    /// </summary>
    public bool ForceZerosForEmptyPrompt { get; private init; } = true;

    /// <summary>The VAE's latent scaling factor (0.18215 for SD 1.x/2.x).</summary>
    public float ScalingFactor { get; private init; } = DefaultScalingFactor;

    /// <summary>Pixels per latent cell: 2^(number of VAE blocks − 1), 8 unless the VAE config says otherwise.</summary>
    public int VaeScaleFactor { get; private init; } = 8;

    /// <summary>The tokenizer's model_max_length (77 for CLIP), used when the text encoder's sequence axis is dynamic.</summary>
    public int TokenizerMaxLength { get; private init; } = 77;

    /// <summary>The UNet's in_channels from unet/config.json, when the model's shape does not fix it.</summary>
    public int LatentChannels { get; private init; } = 4;

    /// <exception cref="PluginException">AF3002: the folder or a required file is missing, or a config is not valid JSON.</exception>
    public static ModelFolder Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new PluginException(DiagnosticCode.InvalidModelFolder, $"{directory}: the model folder does not exist.");
        }

        var folder = new ModelFolder(Path.GetFullPath(directory));
        string[] required = [folder.TextEncoderPath, folder.UnetPath, folder.VaeDecoderPath, Path.Combine(folder.TokenizerDirectory, "vocab.json"), Path.Combine(folder.TokenizerDirectory, "merges.txt")];
        var hasSecondTextEncoder = File.Exists(folder.TextEncoder2Path);
        if (hasSecondTextEncoder)
        {
            required = [.. required, Path.Combine(folder.Tokenizer2Directory, "vocab.json"), Path.Combine(folder.Tokenizer2Directory, "merges.txt")];
        }

        var missing = required.Where(p => !File.Exists(p)).Select(p => Path.GetRelativePath(folder.Directory, p)).ToList();
        if (missing.Count > 0)
        {
            throw new PluginException(DiagnosticCode.InvalidModelFolder, $"{directory}: not a Stable Diffusion ONNX export (diffusers/Optimum layout): missing {string.Join(", ", missing)}.");
        }

        var vaeConfig = ReadConfig(Path.Combine(folder.Directory, "vae_decoder", "config.json")) ?? ReadConfig(Path.Combine(folder.Directory, "vae", "config.json"));
        var unetConfig = ReadConfig(Path.Combine(folder.Directory, "unet", "config.json"));
        var tokenizerConfig = ReadConfig(Path.Combine(folder.TokenizerDirectory, "tokenizer_config.json"));
        var modelIndex = ReadConfig(Path.Combine(folder.Directory, "model_index.json"));
        return folder with
        {
            HasSecondTextEncoder = hasSecondTextEncoder,
            ForceZerosForEmptyPrompt = modelIndex is not { } index || !index.TryGetProperty("force_zeros_for_empty_prompt", out var zeros) || zeros.ValueKind != JsonValueKind.False,
            ScalingFactor = Number(vaeConfig, "scaling_factor") is { } s && s > 0 ? (float)s : DefaultScalingFactor,
            VaeScaleFactor = vaeConfig is { } v && v.TryGetProperty("block_out_channels", out var blocks) && blocks.ValueKind == JsonValueKind.Array && blocks.GetArrayLength() > 0
                ? 1 << (blocks.GetArrayLength() - 1)
                : 8,
            TokenizerMaxLength = Number(tokenizerConfig, "model_max_length") is { } m && m is >= 2 and <= 4096 ? (int)m : 77,
            LatentChannels = Number(unetConfig, "in_channels") is { } c && c >= 1 ? (int)c : 4,
        };
    }

    private static JsonElement? ReadConfig(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException exception)
        {
            throw new PluginException(DiagnosticCode.InvalidModelFolder, $"{path}: not valid JSON: {exception.Message}", exception);
        }
    }

    private static double? Number(JsonElement? config, string name) =>
        config is { } c && c.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
