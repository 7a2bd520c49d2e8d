namespace AssetForge.Abstractions.Models;

/// <summary>Facts about an opened model.</summary>
/// <param name="ExecutionProvider">The provider actually in use, e.g. <c>cpu</c>.</param>
/// <param name="DynamicBatch">Whether the UNet's batch dimension is dynamic (several images per call).</param>
/// <param name="Precision">The UNet's floating-point element type: <c>float32</c> or <c>float16</c>.</param>
/// <param name="LatentChannels">Channels of the latent (4 for Stable Diffusion).</param>
/// <param name="VaeScaleFactor">Pixels per latent cell along each axis (8 for Stable Diffusion).</param>
public sealed record ModelSessionInfo(
    string ExecutionProvider,
    bool DynamicBatch,
    string Precision,
    int LatentChannels,
    int VaeScaleFactor)
{
    /// <summary>
    /// Whether the session honours <see cref="ImageJob.Tiling"/>. A backend built against contract
    /// 1.0 leaves it false, and the host then refuses tiling assets rather than silently
    /// generating images that do not tile.
    /// </summary>
    /// <remarks>Added in contract 1.1.</remarks>
    public bool SupportsTiling { get; init; }
}
