namespace AssetForge.Onnx.Builtin;

using System.Text;
using AssetForge.Onnx.Graph;

/// <summary>
/// Writes <c>builtin:tiny</c> in the folder layout of a diffusers ONNX export of Stable Diffusion
/// 1.5 (see <see cref="TinyModelGraphs"/> for what it is and is not). Every byte is a pure
/// function of this code, so the model's fingerprint is the same on every machine.
/// </summary>
internal static class TinyModelWriter
{
    /// <summary>The folder name under the built-in models directory; bump the suffix whenever a byte changes.</summary>
    public const string FolderName = "builtin-tiny-v1";

    /// <summary>
    /// The folder of <c>builtin:tiny-v</c>: the same weights configured as a v-prediction model
    /// (<c>prediction_type: v_prediction</c>, as Stable Diffusion 2.x 768 ships), so that the
    /// v-prediction path runs end to end anywhere. Bump the suffix whenever a byte changes.
    /// </summary>
    public const string VPredictionFolderName = "builtin-tiny-v-v1";

    /// <summary>The manifest of every file's SHA-256 (sha256sum format), the host's cache verify convention.</summary>
    public const string ManifestFileName = BuiltinModelFolder.ManifestFileName;

    /// <summary>The file holding the UNet's weights, beside unet/model.onnx (as Optimum names it).</summary>
    public const string UnetWeightsFileName = "model.onnx_data";

    /// <summary>Every file of the model, relative to its folder, with '/' separators.</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        "model_index.json",
        "scheduler/scheduler_config.json",
        "text_encoder/model.onnx",
        "tokenizer/merges.txt",
        "tokenizer/special_tokens_map.json",
        "tokenizer/tokenizer_config.json",
        "tokenizer/vocab.json",
        "unet/config.json",
        "unet/model.onnx",
        "unet/" + UnetWeightsFileName,
        "vae_decoder/config.json",
        "vae_decoder/model.onnx",
        "vae_encoder/config.json",
        "vae_encoder/model.onnx",
    ];

    /// <summary>
    /// Returns <c>directory/builtin-tiny-v1</c> (or the v-prediction folder), writing it first
    /// unless a complete copy is already there (see <see cref="BuiltinModelFolder"/>).
    /// </summary>
    /// <param name="directory">The built-in models directory.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <param name="vPrediction">Write <c>builtin:tiny-v</c> (under <see cref="VPredictionFolderName"/>) instead.</param>
    public static string Ensure(string directory, CancellationToken cancellationToken, bool vPrediction = false) =>
        BuiltinModelFolder.Ensure(
            directory,
            vPrediction ? VPredictionFolderName : FolderName,
            Files,
            (folder, token) => WriteFiles(folder, token, vPrediction),
            cancellationToken);

    /// <summary>Writes the whole model into <paramref name="folder"/> (created; its contents are overwritten).</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <param name="vPrediction">Configure the scheduler for v-prediction (<c>builtin:tiny-v</c>).</param>
    public static void Write(string folder, CancellationToken cancellationToken, bool vPrediction = false)
    {
        WriteFiles(folder, cancellationToken, vPrediction);
        BuiltinModelFolder.WriteManifest(folder, Files);
    }

    private static void WriteFiles(string folder, CancellationToken cancellationToken, bool vPrediction)
    {
        var (merges, symbols) = TinyVocabulary.Build();
        foreach (var sub in new[] { "scheduler", "text_encoder", "tokenizer", "unet", "vae_decoder", "vae_encoder" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }

        WriteText(folder, "model_index.json", ModelIndexJson);
        WriteText(
            folder,
            "scheduler/scheduler_config.json",
            vPrediction ? SchedulerConfigJson.Replace("\"prediction_type\": \"epsilon\"", "\"prediction_type\": \"v_prediction\"", StringComparison.Ordinal) : SchedulerConfigJson);
        WriteText(folder, "unet/config.json", UnetConfigJson);
        WriteText(folder, "vae_decoder/config.json", VaeConfigJson);
        WriteText(folder, "vae_encoder/config.json", VaeConfigJson);
        WriteText(folder, "tokenizer/special_tokens_map.json", SpecialTokensMapJson);
        WriteText(folder, "tokenizer/tokenizer_config.json", TokenizerConfigJson);
        File.WriteAllBytes(Path.Combine(folder, "tokenizer", "vocab.json"), TinyVocabulary.VocabJson(symbols));
        File.WriteAllBytes(Path.Combine(folder, "tokenizer", "merges.txt"), TinyVocabulary.MergesText(merges));
        cancellationToken.ThrowIfCancellationRequested();

        OnnxModelWriter.Write(TinyModelGraphs.TextEncoder(symbols.Count), Path.Combine(folder, "text_encoder", "model.onnx"));
        cancellationToken.ThrowIfCancellationRequested();
        WriteUnet(Path.Combine(folder, "unet"), TinyUnetVariant.Default);
        cancellationToken.ThrowIfCancellationRequested();
        OnnxModelWriter.Write(TinyModelGraphs.VaeDecoder(), Path.Combine(folder, "vae_decoder", "model.onnx"));
        OnnxModelWriter.Write(TinyModelGraphs.VaeEncoder(), Path.Combine(folder, "vae_encoder", "model.onnx"));
    }

    /// <summary>Writes unet/model.onnx and its external weights file for a <paramref name="variant"/>.</summary>
    public static void WriteUnet(string unetFolder, TinyUnetVariant variant) =>
        OnnxModelWriter.Write(TinyModelGraphs.Unet(variant), Path.Combine(unetFolder, "model.onnx"), UnetWeightsFileName);

    private static void WriteText(string folder, string relativePath, string text) =>
        File.WriteAllBytes(Path.Combine(folder, relativePath), Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n")));

    private const string ModelIndexJson = """
        {
          "_class_name": "OnnxStableDiffusionPipeline",
          "_diffusers_version": "0.30.0",
          "_assetforge_note": "builtin:tiny: fixed pseudo-random weights, abstract images, not art",
          "feature_extractor": [null, null],
          "requires_safety_checker": false,
          "safety_checker": [null, null],
          "scheduler": ["diffusers", "PNDMScheduler"],
          "text_encoder": ["diffusers", "OnnxRuntimeModel"],
          "tokenizer": ["transformers", "CLIPTokenizer"],
          "unet": ["diffusers", "OnnxRuntimeModel"],
          "vae_decoder": ["diffusers", "OnnxRuntimeModel"],
          "vae_encoder": ["diffusers", "OnnxRuntimeModel"]
        }

        """;

    // Stable Diffusion 1.5's scheduler configuration.
    private const string SchedulerConfigJson = """
        {
          "_class_name": "PNDMScheduler",
          "_diffusers_version": "0.30.0",
          "beta_end": 0.012,
          "beta_schedule": "scaled_linear",
          "beta_start": 0.00085,
          "clip_sample": false,
          "num_train_timesteps": 1000,
          "prediction_type": "epsilon",
          "set_alpha_to_one": false,
          "skip_prk_steps": true,
          "steps_offset": 1,
          "timestep_spacing": "leading",
          "trained_betas": null
        }

        """;

    private const string UnetConfigJson = """
        {
          "_class_name": "UNet2DConditionModel",
          "cross_attention_dim": 32,
          "in_channels": 4,
          "out_channels": 4,
          "sample_size": 8
        }

        """;

    private const string VaeConfigJson = """
        {
          "_class_name": "AutoencoderKL",
          "in_channels": 3,
          "latent_channels": 4,
          "out_channels": 3,
          "sample_size": 64,
          "scaling_factor": 0.18215
        }

        """;

    internal const string SpecialTokensMapJson = """
        {
          "bos_token": "<|startoftext|>",
          "eos_token": "<|endoftext|>",
          "pad_token": "<|endoftext|>",
          "unk_token": "<|endoftext|>"
        }

        """;

    internal const string TokenizerConfigJson = """
        {
          "add_prefix_space": false,
          "bos_token": "<|startoftext|>",
          "do_lower_case": true,
          "eos_token": "<|endoftext|>",
          "errors": "replace",
          "model_max_length": 77,
          "pad_token": "<|endoftext|>",
          "tokenizer_class": "CLIPTokenizer",
          "unk_token": "<|endoftext|>"
        }

        """;
}
