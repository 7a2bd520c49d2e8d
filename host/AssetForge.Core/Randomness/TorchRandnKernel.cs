namespace AssetForge.Core.Randomness;

/// <summary>
/// Which of PyTorch's two CPU float32 <c>randn</c> kernels (for 16 or more elements) a
/// <see cref="TorchCpuNoiseSource"/> reproduces. Both read the same uniforms and pair the same
/// elements; they differ only in the rounding of their float32 log, sin and cos.
/// </summary>
internal enum TorchRandnKernel
{
    /// <summary>The plain kernel (ATen CPU capability <c>default</c>, and AVX-512 builds): glibc's <c>logf</c>, <c>sinf</c>, <c>cosf</c>.</summary>
    Default,

    /// <summary>The AVX2 kernel (ATen CPU capability <c>avx2</c>): avx_mathfun's <c>log256_ps</c> and <c>sincos256_ps</c>.</summary>
    Avx2,
}
