namespace AssetForge.Abstractions.Models;

/// <summary>A LoRA merged into a compiled checkpoint: its file (absolute) and its scale.</summary>
/// <remarks>Added in contract 1.2.</remarks>
/// <param name="Path">The LoRA's .safetensors file.</param>
/// <param name="Scale">The merge scale (1 = as trained).</param>
public sealed record CheckpointLora(string Path, double Scale);
