namespace AssetForge.Schedulers.Schedules;

using System.Numerics.Tensors;

/// <summary>
/// The clean sample x0 a variance-preserving model output implies at a training step with
/// cumulative alpha <c>alphaProd</c>, for each prediction type, in diffusers' float32 operation
/// order (shared by DDPM and LCM).
/// </summary>
internal static class CleanSamplePrediction
{
    /// <param name="modelOutput">The model's (guided) output.</param>
    /// <param name="sample">The current sample x_t.</param>
    /// <param name="alphaProd">alpha_bar at t.</param>
    /// <param name="predictionType">epsilon, sample or v_prediction.</param>
    /// <param name="x0">Receives the prediction.</param>
    /// <param name="tmp">Scratch of the same length.</param>
    public static void Compute(ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, float alphaProd, string predictionType, Span<float> x0, Span<float> tmp)
    {
        var sqrtAlpha = MathF.Sqrt(alphaProd);
        var sqrtBeta = MathF.Sqrt(1f - alphaProd);
        switch (predictionType)
        {
            case "epsilon":
                // (x - sqrt(1 - a) eps) / sqrt(a)
                TensorPrimitives.Multiply(modelOutput, sqrtBeta, tmp);
                TensorPrimitives.Subtract(sample, tmp, x0);
                TensorPrimitives.Divide(x0, sqrtAlpha, x0);
                break;
            case "sample":
                modelOutput.CopyTo(x0);
                break;
            default:
                // sqrt(a) x - sqrt(1 - a) v
                TensorPrimitives.Multiply(sample, sqrtAlpha, x0);
                TensorPrimitives.Multiply(modelOutput, sqrtBeta, tmp);
                TensorPrimitives.Subtract(x0, tmp, x0);
                break;
        }
    }
}
