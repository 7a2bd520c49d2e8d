namespace AssetForge.Schedulers.Edm;

using System.Numerics.Tensors;

/// <summary>
/// EDM's preconditioning (Karras et al. 2022, table 1) as diffusers computes it in float32:
/// the model sees <c>c_in(sigma) x</c> and its output <c>F</c> becomes the denoised sample
/// <c>c_skip x + c_out F</c>.
/// </summary>
/// <param name="SigmaData">The data's standard deviation, rounded to float.</param>
/// <param name="SigmaDataSquared">Its square, taken in double (a Python float) and rounded.</param>
/// <param name="VPrediction">The model predicts v (<c>c_out</c> negated) rather than epsilon.</param>
internal sealed record EdmPreconditioning(float SigmaData, float SigmaDataSquared, bool VPrediction)
{
    public static EdmPreconditioning From(double sigmaData, bool vPrediction) =>
        new((float)sigmaData, (float)(sigmaData * sigmaData), vPrediction);

    /// <summary><c>1 / sqrt(sigma^2 + sigma_data^2)</c>.</summary>
    public float InputScale(float sigma) => 1f / MathF.Sqrt((sigma * sigma) + SigmaDataSquared);

    /// <summary>The denoised sample, into <paramref name="denoised"/> (<paramref name="tmp"/> is scratch).</summary>
    public void Denoise(ReadOnlySpan<float> sample, ReadOnlySpan<float> modelOutput, float sigma, Span<float> denoised, Span<float> tmp)
    {
        var variance = (sigma * sigma) + SigmaDataSquared;

        // torch evaluates sigma_data**2 / t as reciprocal(t) * sigma_data**2.
        var skip = (1f / variance) * SigmaDataSquared;
        var output = (VPrediction ? -sigma : sigma) * SigmaData / MathF.Sqrt(variance);
        TensorPrimitives.Multiply(sample, skip, denoised);
        TensorPrimitives.Multiply(modelOutput, output, tmp);
        TensorPrimitives.Add(denoised, tmp, denoised);
    }
}
