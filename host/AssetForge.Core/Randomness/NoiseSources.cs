namespace AssetForge.Core.Randomness;

using AssetForge.Abstractions.Randomness;

/// <summary>Creates the per-image generator for an RNG kind (DESIGN §5).</summary>
public static class NoiseSources
{
    /// <summary>PyTorch's CPU generator with its plain (non-AVX2) float kernel; the default.</summary>
    public const string Torch = "torch";

    /// <summary>
    /// PyTorch's CPU generator with the rounding of its AVX2 kernel, which PyTorch runs where
    /// ATen's CPU capability is <c>avx2</c> (x86-64 with AVX2 but without AVX-512, or
    /// <c>ATEN_CPU_CAPABILITY=avx2</c>). Draws below 16 elements are the same as <see cref="Torch"/>'s.
    /// </summary>
    public const string TorchAvx2 = "torch-avx2";

    /// <summary>NumPy's legacy <c>RandomState</c>, as diffusers' ONNX pipelines use it.</summary>
    public const string NumPy = "numpy";

    /// <summary>The RNG kinds a spec may name.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Torch, TorchAvx2, NumPy];

    /// <summary>Creates a fresh generator for one image.</summary>
    /// <param name="kind">One of <see cref="Kinds"/> (ordinal, case-sensitive).</param>
    /// <param name="seed">
    /// The image's seed. For <c>torch</c> and <c>torch-avx2</c>, as <c>torch.manual_seed(seed)</c>: only the low 32 bits
    /// reach the generator, so seeds that differ only above bit 31 give the same noise. For
    /// <c>numpy</c>, a seed below 2^32 is <c>np.random.RandomState(seed)</c>; NumPy refuses larger
    /// seeds, so a seed of 2^32 or more means
    /// <c>np.random.RandomState([seed &amp; 0xFFFFFFFF, seed &gt;&gt; 32])</c> (every 64-bit seed a
    /// stream of its own, still reproducible in NumPy).
    /// </param>
    /// <returns>A generator in the state the reference library has right after seeding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="kind"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not one of <see cref="Kinds"/>.</exception>
    public static INoiseSource Create(string kind, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind switch
        {
            Torch => new TorchCpuNoiseSource(seed),
            NumPy => new NumPyLegacyNoiseSource(seed),
            TorchAvx2 => new TorchCpuNoiseSource(seed, TorchRandnKernel.Avx2),
            _ => throw new ArgumentException(
                $"Unknown rng kind '{kind}'. Known kinds: {string.Join(", ", Kinds)}.", nameof(kind)),
        };
    }
}
