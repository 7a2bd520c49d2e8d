namespace AssetForge.Abstractions.Models;

using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>One image to generate.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="NegativePrompt">The negative prompt (empty string for none: the unconditional embedding).</param>
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
}
