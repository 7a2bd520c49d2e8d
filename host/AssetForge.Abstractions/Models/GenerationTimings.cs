namespace AssetForge.Abstractions.Models;

/// <summary>
/// Where the time of one generated image went, as the model backend measured it. Images generated
/// together share the text encoder and UNet calls: those figures are for the whole call group of
/// <see cref="SharedBy"/> images, the VAE and PNG figures are this image's own.
/// </summary>
/// <param name="TextEncoder">The text encoder runs (every distinct prompt of the group, once each).</param>
/// <param name="UnetSteps">Each denoising step's UNet runs, in step order (guided: both branches).</param>
/// <param name="VaeDecode">This image's VAE decoder run.</param>
/// <param name="PngEncode">Encoding this image's pixels as PNG.</param>
/// <param name="SharedBy">How many images shared the text encoder and UNet calls (1 when generated alone).</param>
/// <remarks>Added in contract 1.2.</remarks>
public sealed record GenerationTimings(
    TimeSpan TextEncoder,
    IReadOnlyList<TimeSpan> UnetSteps,
    TimeSpan VaeDecode,
    TimeSpan PngEncode,
    int SharedBy);
