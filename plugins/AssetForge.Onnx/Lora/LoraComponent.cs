namespace AssetForge.Onnx.Lora;

/// <summary>The model part a LoRA module changes.</summary>
internal enum LoraComponent
{
    Unet,
    TextEncoder,
}
