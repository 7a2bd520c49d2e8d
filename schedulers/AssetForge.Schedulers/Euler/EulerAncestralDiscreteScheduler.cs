namespace AssetForge.Schedulers.Euler;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// Ancestral Euler sampling (k-diffusion's <c>sample_euler_ancestral</c>), matching diffusers'
/// <c>EulerAncestralDiscreteScheduler</c>: an Euler step down to sigma_down, then fresh noise of
/// standard deviation sigma_up, drawn as one unit-normal tensor of the latent's size per step.
/// </summary>
internal sealed class EulerAncestralDiscreteScheduler(float[] timesteps, float[] sigmas, int offset, float initNoiseSigma, string predictionType) : IScheduler
{
    private float[] _scratch = [];

    public ReadOnlySpan<float> Timesteps => timesteps;

    public float InitNoiseSigma => initNoiseSigma;

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        var sigma = SigmaAt(stepIndex);
        TensorPrimitives.Divide(sample, MathF.Sqrt((sigma * sigma) + 1f), sample);
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        var sigma = SigmaAt(stepIndex);
        var sigmaTo = sigmas[offset + stepIndex + 1];
        if (_scratch.Length < 2 * sample.Length)
        {
            _scratch = new float[2 * sample.Length];
        }

        var x0 = _scratch.AsSpan(0, sample.Length);
        var tmp = _scratch.AsSpan(sample.Length, sample.Length);
        if (predictionType == "epsilon")
        {
            TensorPrimitives.Multiply(modelOutput, sigma, x0);
            TensorPrimitives.Subtract(sample, x0, x0);
        }
        else
        {
            TensorPrimitives.Multiply(modelOutput, -sigma / MathF.Sqrt((sigma * sigma) + 1f), x0);
            TensorPrimitives.Divide(sample, (sigma * sigma) + 1f, tmp);
            TensorPrimitives.Add(x0, tmp, x0);
        }

        var sigmaFrom2 = sigma * sigma;
        var sigmaTo2 = sigmaTo * sigmaTo;
        var sigmaUp = MathF.Sqrt(sigmaTo2 * (sigmaFrom2 - sigmaTo2) / sigmaFrom2);
        var sigmaDown = MathF.Sqrt(sigmaTo2 - (sigmaUp * sigmaUp));

        TensorPrimitives.Subtract(sample, x0, x0);
        TensorPrimitives.Divide(x0, sigma, x0);
        TensorPrimitives.Multiply(x0, sigmaDown - sigma, x0);
        TensorPrimitives.Add(sample, x0, sample);
        noise.NextStandardNormal(tmp);
        TensorPrimitives.Multiply(tmp, sigmaUp, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        if (_scratch.Length < sample.Length)
        {
            _scratch = new float[2 * sample.Length];
        }

        var tmp = _scratch.AsSpan(0, sample.Length);
        TensorPrimitives.Multiply(noise, SigmaAt(stepIndex), tmp);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    private float SigmaAt(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, timesteps.Length);
        return sigmas[offset + stepIndex];
    }
}
