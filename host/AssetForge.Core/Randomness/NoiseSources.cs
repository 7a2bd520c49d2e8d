namespace AssetForge.Core.Randomness;

using AssetForge.Abstractions.Randomness;

/// <summary>Creates the per-image generator for an RNG kind (DESIGN §5).</summary>
public static class NoiseSources
{
    /// <summary>The RNG kinds a spec may name.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["torch", "torch-avx2", "numpy"];

    /// <summary>Creates a fresh generator for one image.</summary>
    /// <param name="kind">One of <see cref="Kinds"/>.</param>
    /// <param name="seed">The image's seed.</param>
    public static INoiseSource Create(string kind, ulong seed) =>
        throw new NotImplementedException("TODO(rng helper)");
}
