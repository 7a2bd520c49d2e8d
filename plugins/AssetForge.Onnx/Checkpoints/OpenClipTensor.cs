namespace AssetForge.Onnx.Checkpoints;

/// <summary>
/// Where one of transformers' CLIP text weights lies in an OpenCLIP checkpoint: a whole tensor
/// (<see cref="Third"/> null) or one third of the rows of a stacked <c>attn.in_proj_weight</c>
/// [3C, C] / <c>in_proj_bias</c> [3C] (0 query, 1 key, 2 value); or, <see cref="Transposed"/>, a
/// matrix OpenCLIP multiplies from the right (SDXL's <c>text_projection</c>) as a linear weight.
/// </summary>
internal sealed record OpenClipTensor(string Key, int? Third = null, bool Transposed = false);
