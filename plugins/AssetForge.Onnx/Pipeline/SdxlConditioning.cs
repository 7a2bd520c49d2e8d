namespace AssetForge.Onnx.Pipeline;

/// <summary>One UNet row's text conditioning for SDXL.</summary>
/// <param name="Context">encoder_hidden_states: sequence × (first encoder's width + second's).</param>
/// <param name="Pooled">text_embeds: the second encoder's projected pooled output.</param>
internal sealed record SdxlConditioning(float[] Context, float[] Pooled);
