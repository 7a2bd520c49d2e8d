namespace AssetForge.Onnx.Lora;

/// <summary>The model part a LoRA module changes.</summary>
internal enum LoraComponent
{
    Unet,
    TextEncoder,

    /// <summary>SDXL's second text encoder (CLIPTextModelWithProjection).</summary>
    TextEncoder2,
}
