namespace AssetForge.Schedulers.Euler;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// Euler's method on the probability-flow ODE in sigma space (Karras et al. 2022, algorithm 2
/// without churn), matching diffusers' <c>EulerDiscreteScheduler</c>. Elementwise math is float32
/// in the same operation order as diffusers, so results agree to within float rounding.
/// </summary>
internal sealed class EulerDiscreteScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly float[] _sigmas;
    private readonly int _offset;
    private readonly string _predictionType;
    private float[] _scratch = [];

    /// <param name="timesteps">The timesteps this image runs (possibly a tail of the full schedule).</param>
    /// <param name="sigmas">The full schedule's sigmas, one more than its timesteps.</param>
    /// <param name="offset">Index in <paramref name="sigmas"/> of the first timestep run.</param>
    /// <param name="initNoiseSigma">The full schedule's initial noise sigma.</param>
    /// <param name="predictionType">epsilon, v_prediction or sample.</param>
    public EulerDiscreteScheduler(float[] timesteps, float[] sigmas, int offset, float initNoiseSigma, string predictionType)
    {
        _timesteps = timesteps;
        _sigmas = sigmas;
        _offset = offset;
        InitNoiseSigma = initNoiseSigma;
        _predictionType = predictionType;
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma { get; }

    /// <summary>The sigmas of the full schedule (for tests and diagnostics).</summary>
    internal ReadOnlySpan<float> Sigmas => _sigmas;

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        var sigma = SigmaAt(stepIndex);
        TensorPrimitives.Divide(sample, MathF.Sqrt((sigma * sigma) + 1f), sample);
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var sigma = SigmaAt(stepIndex);
        var nextSigma = _sigmas[_offset + stepIndex + 1];
        var scratch = Scratch(sample.Length);

        // scratch = predicted x0
        switch (_predictionType)
        {
            case "epsilon":
                TensorPrimitives.Multiply(modelOutput, sigma, scratch);
                TensorPrimitives.Subtract(sample, scratch, scratch);
                break;
            case "v_prediction":
            {
                var cOut = -sigma / MathF.Sqrt((sigma * sigma) + 1f);
                var cIn = (sigma * sigma) + 1f;
                var scaled = Scratch2(sample.Length);
                TensorPrimitives.Multiply(modelOutput, cOut, scratch);
                TensorPrimitives.Divide(sample, cIn, scaled);
                TensorPrimitives.Add(scratch, scaled, scratch);
                break;
            }

            default:
                modelOutput.CopyTo(scratch);
                break;
        }

        // x += (x - x0) / sigma * (sigma_next - sigma)
        TensorPrimitives.Subtract(sample, scratch, scratch);
        TensorPrimitives.Divide(scratch, sigma, scratch);
        TensorPrimitives.Multiply(scratch, nextSigma - sigma, scratch);
        TensorPrimitives.Add(sample, scratch, sample);
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        var scratch = Scratch(sample.Length);
        TensorPrimitives.Multiply(noise, SigmaAt(stepIndex), scratch);
        TensorPrimitives.Add(sample, scratch, sample);
    }

    private float SigmaAt(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        return _sigmas[_offset + stepIndex];
    }

    private Span<float> Scratch(int length)
    {
        if (_scratch.Length < 2 * length)
        {
            _scratch = new float[2 * length];
        }

        return _scratch.AsSpan(0, length);
    }

    private Span<float> Scratch2(int length) => _scratch.AsSpan(length, length);
}
