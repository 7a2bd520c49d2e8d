namespace AssetForge.Onnx.Lora;

/// <summary>One LoRA applied to a model: its file and the scale it is merged at.</summary>
internal sealed record LoraReference(string Path, float Scale);
