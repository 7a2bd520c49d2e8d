namespace AssetForge.Schedulers.Heun;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// Heun's second-order method on the probability-flow ODE (Karras et al. 2022, algorithm 1
/// without churn), matching diffusers' <c>HeunDiscreteScheduler</c>. Each step evaluates the
/// model twice, so the timesteps (and sigmas) are interleaved as diffusers lists them:
/// <c>t0, t1, t1, t2, t2, ...</c>. Even evaluations take an Euler step and remember its
/// derivative; odd ones average it with the derivative at the Euler estimate and redo the step
/// from the remembered sample. The last evaluation (to sigma 0) is a plain Euler step.
/// </summary>
internal sealed class HeunDiscreteScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly float[] _sigmas;
    private readonly int _offset;
    private readonly string _predictionType;
    private readonly float? _clipSampleRange;
    private float[] _x0 = [];
    private float[] _derivative = [];
    private float[] _savedSample = [];
    private float[] _tmp = [];
    private float _dt;

    /// <param name="timesteps">The interleaved timesteps this image runs.</param>
    /// <param name="sigmas">The full interleaved schedule's sigmas, one more than its timesteps.</param>
    /// <param name="offset">Index in <paramref name="sigmas"/> of the first evaluation run (even).</param>
    /// <param name="initNoiseSigma">The full schedule's initial noise sigma.</param>
    /// <param name="predictionType">epsilon, v_prediction or sample.</param>
    /// <param name="clipSampleRange">The bound for the predicted clean sample, or <c>null</c>.</param>
    public HeunDiscreteScheduler(float[] timesteps, float[] sigmas, int offset, float initNoiseSigma, string predictionType, float? clipSampleRange)
    {
        _timesteps = timesteps;
        _sigmas = sigmas;
        _offset = offset;
        InitNoiseSigma = initNoiseSigma;
        _predictionType = predictionType;
        _clipSampleRange = clipSampleRange;
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma { get; }

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        var sigma = _sigmas[Index(stepIndex)];
        TensorPrimitives.Divide(sample, MathF.Sqrt((sigma * sigma) + 1f), sample);
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var index = Index(stepIndex);
        var firstOrder = index % 2 == 0;
        EnsureBuffers(sample.Length);
        var x0 = _x0.AsSpan(0, sample.Length);
        var derivative = _derivative.AsSpan(0, sample.Length);
        var saved = _savedSample.AsSpan(0, sample.Length);
        var tmp = _tmp.AsSpan(0, sample.Length);

        // The first evaluation predicts x0 at sigma, the second at the Euler estimate's sigma.
        var sigma = firstOrder ? _sigmas[index] : _sigmas[index - 1];
        var sigmaNext = firstOrder ? _sigmas[index + 1] : _sigmas[index];
        var sigmaInput = firstOrder ? sigma : sigmaNext;
        PredictOriginal(modelOutput, sample, sigmaInput, x0, tmp);

        if (firstOrder)
        {
            // d = (x - x0) / sigma; x_next = x + d * (sigma_next - sigma)
            TensorPrimitives.Subtract(sample, x0, derivative);
            TensorPrimitives.Divide(derivative, sigma, derivative);
            _dt = sigmaNext - sigma;
            sample.CopyTo(saved);
            TensorPrimitives.Multiply(derivative, _dt, tmp);
            TensorPrimitives.Add(sample, tmp, sample);
        }
        else
        {
            // d = (d_first + (x - x0) / sigma_next) / 2; x_next = x_saved + d * dt
            TensorPrimitives.Subtract(sample, x0, tmp);
            TensorPrimitives.Divide(tmp, sigmaNext, tmp);
            TensorPrimitives.Add(derivative, tmp, tmp);
            TensorPrimitives.Divide(tmp, 2f, tmp);
            TensorPrimitives.Multiply(tmp, _dt, tmp);
            TensorPrimitives.Add(saved, tmp, sample);
        }
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        EnsureBuffers(sample.Length);
        var tmp = _tmp.AsSpan(0, sample.Length);
        TensorPrimitives.Multiply(noise, _sigmas[Index(stepIndex)], tmp);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    private void PredictOriginal(ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, float sigma, Span<float> x0, Span<float> tmp)
    {
        switch (_predictionType)
        {
            case "epsilon":
                TensorPrimitives.Multiply(modelOutput, sigma, x0);
                TensorPrimitives.Subtract(sample, x0, x0);
                break;
            case "v_prediction":
                TensorPrimitives.Multiply(modelOutput, -sigma / MathF.Sqrt((sigma * sigma) + 1f), x0);
                TensorPrimitives.Divide(sample, (sigma * sigma) + 1f, tmp);
                TensorPrimitives.Add(x0, tmp, x0);
                break;
            default:
                modelOutput.CopyTo(x0);
                break;
        }

        if (_clipSampleRange is { } range)
        {
            TensorPrimitives.Max(x0, -range, x0);
            TensorPrimitives.Min(x0, range, x0);
        }
    }

    private int Index(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        return _offset + stepIndex;
    }

    private void EnsureBuffers(int length)
    {
        if (_x0.Length < length)
        {
            _x0 = new float[length];
            _derivative = new float[length];
            _savedSample = new float[length];
            _tmp = new float[length];
        }
    }
}
