namespace AssetForge.Abstractions.Randomness;

/// <summary>
/// The seeded, portable random number generator of one image. Every random number that can
/// reach an image's pixels (initial latents, ancestral and SDE noise) comes from this source, in
/// a fixed order, so an image is the same whether it is generated alone or in a batch.
/// </summary>
public interface INoiseSource
{
    /// <summary>
    /// Fills <paramref name="destination"/> with standard normal samples exactly as one call of
    /// the reference generator would for a tensor of <c>destination.Length</c> elements (for
    /// <c>rng: torch</c>, one <c>torch.randn(n)</c>; the element count matters, because PyTorch
    /// uses different kernels below and above 16 elements).
    /// </summary>
    void NextStandardNormal(Span<float> destination);
}
