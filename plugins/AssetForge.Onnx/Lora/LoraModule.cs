namespace AssetForge.Onnx.Lora;

/// <summary>
/// One low-rank update in a LoRA file: the weight it changes (diffusers' name, in the UNet or the
/// text encoder), the file's keys of its down (A) and up (B) matrices, and its alpha (rank when
/// the file gives none, as PEFT's default makes the factor 1).
/// </summary>
internal sealed record LoraModule(LoraComponent Component, string Target, string DownKey, string UpKey, string? AlphaKey);
