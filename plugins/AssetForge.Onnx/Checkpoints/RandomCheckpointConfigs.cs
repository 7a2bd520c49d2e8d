namespace AssetForge.Onnx.Checkpoints;

/// <summary>
/// The config files of a diffusers Stable Diffusion folder: model_index.json, the scheduler's and
/// each component's config.json. <see cref="Sd15"/> and <see cref="Sd21"/> are the published
/// architectures' (runwayml/stable-diffusion-v1-5; stabilityai/stable-diffusion-2-1, 768 px,
/// v-prediction), written out here so no download is needed.
/// </summary>
internal sealed record RandomCheckpointConfigs(string ModelIndex, string Scheduler, string Unet, string Vae, string TextEncoder)
{
    // No safety checker or feature extractor: diffusers loads the folder without them.
    private const string ModelIndexJson = """
        {
          "_class_name": "StableDiffusionPipeline",
          "_diffusers_version": "0.25.1",
          "feature_extractor": [null, null],
          "requires_safety_checker": false,
          "safety_checker": [null, null],
          "scheduler": ["diffusers", "PNDMScheduler"],
          "text_encoder": ["transformers", "CLIPTextModel"],
          "tokenizer": ["transformers", "CLIPTokenizer"],
          "unet": ["diffusers", "UNet2DConditionModel"],
          "vae": ["diffusers", "AutoencoderKL"]
        }

        """;

    private const string VaeJson = """
        {
          "_class_name": "AutoencoderKL",
          "_diffusers_version": "0.25.1",
          "act_fn": "silu",
          "block_out_channels": [128, 256, 512, 512],
          "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
          "in_channels": 3,
          "latent_channels": 4,
          "layers_per_block": 2,
          "norm_num_groups": 32,
          "out_channels": 3,
          "sample_size": 512,
          "scaling_factor": 0.18215,
          "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"]
        }

        """;

    public static RandomCheckpointConfigs Sd15 { get; } = new(
        ModelIndexJson,
        SchedulerJson("epsilon"),
        """
        {
          "_class_name": "UNet2DConditionModel",
          "_diffusers_version": "0.25.1",
          "act_fn": "silu",
          "attention_head_dim": 8,
          "block_out_channels": [320, 640, 1280, 1280],
          "center_input_sample": false,
          "cross_attention_dim": 768,
          "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
          "downsample_padding": 1,
          "flip_sin_to_cos": true,
          "freq_shift": 0,
          "in_channels": 4,
          "layers_per_block": 2,
          "mid_block_scale_factor": 1,
          "norm_eps": 1e-05,
          "norm_num_groups": 32,
          "out_channels": 4,
          "sample_size": 64,
          "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]
        }

        """,
        VaeJson,
        TextEncoderJson(hiddenSize: 768, intermediateSize: 3072, heads: 12, layers: 12, activation: "quick_gelu", projection: 768));

    public static RandomCheckpointConfigs Sd21 { get; } = new(
        ModelIndexJson,
        SchedulerJson("v_prediction"),
        """
        {
          "_class_name": "UNet2DConditionModel",
          "_diffusers_version": "0.25.1",
          "act_fn": "silu",
          "attention_head_dim": [5, 10, 20, 20],
          "block_out_channels": [320, 640, 1280, 1280],
          "center_input_sample": false,
          "cross_attention_dim": 1024,
          "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
          "downsample_padding": 1,
          "flip_sin_to_cos": true,
          "freq_shift": 0,
          "in_channels": 4,
          "layers_per_block": 2,
          "mid_block_scale_factor": 1,
          "norm_eps": 1e-05,
          "norm_num_groups": 32,
          "out_channels": 4,
          "sample_size": 96,
          "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
          "use_linear_projection": true
        }

        """,
        VaeJson,
        TextEncoderJson(hiddenSize: 1024, intermediateSize: 4096, heads: 16, layers: 23, activation: "gelu", projection: 512));

    private static string SchedulerJson(string predictionType) => $$"""
        {
          "_class_name": "PNDMScheduler",
          "_diffusers_version": "0.25.1",
          "beta_end": 0.012,
          "beta_schedule": "scaled_linear",
          "beta_start": 0.00085,
          "clip_sample": false,
          "num_train_timesteps": 1000,
          "prediction_type": "{{predictionType}}",
          "set_alpha_to_one": false,
          "skip_prk_steps": true,
          "steps_offset": 1,
          "trained_betas": null
        }

        """;

    private static string TextEncoderJson(int hiddenSize, int intermediateSize, int heads, int layers, string activation, int projection) => $$"""
        {
          "architectures": ["CLIPTextModel"],
          "attention_dropout": 0.0,
          "bos_token_id": 0,
          "dropout": 0.0,
          "eos_token_id": 2,
          "hidden_act": "{{activation}}",
          "hidden_size": {{hiddenSize}},
          "initializer_factor": 1.0,
          "initializer_range": 0.02,
          "intermediate_size": {{intermediateSize}},
          "layer_norm_eps": 1e-05,
          "max_position_embeddings": 77,
          "model_type": "clip_text_model",
          "num_attention_heads": {{heads}},
          "num_hidden_layers": {{layers}},
          "pad_token_id": 1,
          "projection_dim": {{projection}},
          "torch_dtype": "float32",
          "vocab_size": 49408
        }

        """;
}
