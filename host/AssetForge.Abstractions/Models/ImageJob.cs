namespace AssetForge.Abstractions.Models;

using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>One image to generate.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="NegativePrompt">The negative prompt (empty string for none: the unconditional embedding); see <see cref="ImageJob.NegativePromptAbsent"/>.</param>
/// <param name="Width">Width in pixels, a multiple of the VAE scale factor.</param>
/// <param name="Height">Height in pixels, a multiple of the VAE scale factor.</param>
/// <param name="GuidanceScale">Classifier-free guidance scale; at most 1 disables guidance.</param>
/// <param name="Scheduler">This image's own scheduler instance.</param>
/// <param name="Noise">This image's own generator: initial latents, then per-step noise.</param>
public sealed record ImageJob(
    string Prompt,
    string NegativePrompt,
    int Width,
    int Height,
    double GuidanceScale,
    IScheduler Scheduler,
    INoiseSource Noise)
{
    /// <summary>Encoded init image (PNG) for img2img; null for text-to-image.</summary>
    public byte[]? InitImage { get; init; }

    /// <summary>PNG text chunks (keyword → text) to embed, in order. Never time-dependent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PngText { get; init; } = [];

    /// <summary>
    /// The axes the image wraps around (<see cref="TilingAxes.None"/> for an ordinary image). Only
    /// sessions whose <see cref="ModelSessionInfo.SupportsTiling"/> is true honour it; the host
    /// never sends a tiling job to any other. Jobs with different tiling are never batched together.
    /// </summary>
    /// <remarks>Added in contract 1.1.</remarks>
    public TilingAxes Tiling { get; init; } = TilingAxes.None;

    /// <summary>
    /// True when the spec gives no negative prompt at all (neither the asset nor <c>defaults:</c>);
    /// false when it gives one, even <c>""</c>. Models that treat the two alike ignore it; SDXL
    /// models whose <c>model_index.json</c> sets <c>force_zeros_for_empty_prompt</c> use zero
    /// embeddings for an absent negative prompt and encode an empty one.
    /// </summary>
    /// <remarks>Added in contract 1.4; a host before 1.4 leaves it false.</remarks>
    public bool NegativePromptAbsent { get; init; }

    /// <summary>The prompt for a model's second text encoder (SDXL's <c>prompt_2</c>); null or empty for <see cref="Prompt"/>.</summary>
    /// <remarks>Added in contract 1.4.</remarks>
    public string? Prompt2 { get; init; }

    /// <summary>The negative prompt for a model's second text encoder (SDXL's <c>negative_prompt_2</c>); null or empty for <see cref="NegativePrompt"/>.</summary>
    /// <remarks>Added in contract 1.4.</remarks>
    public string? NegativePrompt2 { get; init; }

    /// <summary>SDXL's micro-conditioning <c>original_size</c>; null for the image's own size. Models without size conditioning ignore it.</summary>
    /// <remarks>Added in contract 1.4.</remarks>
    public PixelSize? OriginalSize { get; init; }

    /// <summary>SDXL's micro-conditioning <c>crops_coords_top_left</c>; null for (0, 0). Models without size conditioning ignore it.</summary>
    /// <remarks>Added in contract 1.4.</remarks>
    public CropOffset? CropTopLeft { get; init; }

    /// <summary>SDXL's micro-conditioning <c>target_size</c>; null for the image's own size. Models without size conditioning ignore it.</summary>
    /// <remarks>Added in contract 1.4.</remarks>
    public PixelSize? TargetSize { get; init; }
}
