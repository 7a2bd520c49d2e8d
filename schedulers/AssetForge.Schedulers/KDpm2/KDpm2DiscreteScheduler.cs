namespace AssetForge.Schedulers.KDpm2;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// k-diffusion's DPM-Solver-2 (<c>sample_dpm_2</c>, Karras et al. 2022 with a midpoint in log
/// sigma), matching diffusers' <c>KDPM2DiscreteScheduler</c> and its <c>KDPM2AncestralDiscreteScheduler</c>.
/// Each step evaluates the model at sigma_i, moves to the geometric midpoint (towards sigma_{i+1},
/// or towards the ancestral sigma_down), evaluates there, and takes the full step from the saved
/// sample with the midpoint's derivative; the ancestral variant then adds sigma_up times fresh
/// noise from the image's generator. Evaluations are listed as separate timesteps, as diffusers
/// does: <c>t0, m1, t1, m2, t2, ...</c> (the ancestral variant lists its midpoints one pair earlier).
/// </summary>
internal sealed class KDpm2DiscreteScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly int _offset;
    private readonly float[] _sigmas;
    private readonly float[] _midpoints;
    private readonly float[]? _sigmasUp;
    private readonly float[]? _sigmasDown;
    private readonly bool _vPrediction;
    private float[] _saved = [];
    private float[] _x0 = [];
    private float[] _tmp = [];

    /// <param name="timesteps">The evaluations this image runs.</param>
    /// <param name="offset">The index of the first of them in the full schedule (even).</param>
    /// <param name="sigmas">Per inference step, then 0.</param>
    /// <param name="midpoints">Per inference step: the sigma of the step's second evaluation.</param>
    /// <param name="sigmasUp">Ancestral only: the noise added at the end of each step.</param>
    /// <param name="sigmasDown">Ancestral only: the sigma each step lands on before noise.</param>
    /// <param name="initNoiseSigma">The full schedule's initial noise sigma.</param>
    /// <param name="vPrediction">Whether the model predicts v.</param>
    public KDpm2DiscreteScheduler(
        float[] timesteps, int offset, float[] sigmas, float[] midpoints, float[]? sigmasUp, float[]? sigmasDown, float initNoiseSigma, bool vPrediction)
    {
        _timesteps = timesteps;
        _offset = offset;
        _sigmas = sigmas;
        _midpoints = midpoints;
        _sigmasUp = sigmasUp;
        _sigmasDown = sigmasDown;
        InitNoiseSigma = initNoiseSigma;
        _vPrediction = vPrediction;
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma { get; }

    private bool Ancestral => _sigmasUp is not null;

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        var (step, first) = Locate(stepIndex);
        var sigma = first ? _sigmas[step] : Midpoint(step);
        TensorPrimitives.Divide(sample, MathF.Sqrt((sigma * sigma) + 1f), sample);
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var (step, first) = Locate(stepIndex);
        var length = sample.Length;
        EnsureBuffers(length);
        var x0 = _x0.AsSpan(0, length);
        var tmp = _tmp.AsSpan(0, length);
        var saved = _saved.AsSpan(0, length);
        var sigma = _sigmas[step];
        var midpoint = Midpoint(step);
        var sigmaInput = first ? sigma : midpoint;
        if (_vPrediction)
        {
            TensorPrimitives.Multiply(modelOutput, -sigmaInput / MathF.Sqrt((sigmaInput * sigmaInput) + 1f), x0);
            TensorPrimitives.Divide(sample, (sigmaInput * sigmaInput) + 1f, tmp);
            TensorPrimitives.Add(x0, tmp, x0);
        }
        else
        {
            TensorPrimitives.Multiply(modelOutput, sigmaInput, x0);
            TensorPrimitives.Subtract(sample, x0, x0);
        }

        // derivative = (x - x0) / sigma_input
        TensorPrimitives.Subtract(sample, x0, tmp);
        TensorPrimitives.Divide(tmp, sigmaInput, tmp);
        if (first)
        {
            sample.CopyTo(saved);
            TensorPrimitives.Multiply(tmp, midpoint - sigma, tmp);
            TensorPrimitives.Add(sample, tmp, sample);
            return;
        }

        var target = Ancestral ? _sigmasDown![step] : _sigmas[step + 1];
        TensorPrimitives.Multiply(tmp, target - sigma, tmp);
        TensorPrimitives.Add(saved, tmp, sample);
        if (Ancestral)
        {
            noise.NextStandardNormal(tmp);
            TensorPrimitives.Multiply(tmp, _sigmasUp![step], tmp);
            TensorPrimitives.Add(sample, tmp, sample);
        }
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        var (step, first) = Locate(stepIndex);
        var sigma = first ? _sigmas[step] : _sigmas[step + 1];
        EnsureBuffers(sample.Length);
        var tmp = _tmp.AsSpan(0, sample.Length);
        TensorPrimitives.Multiply(noise, sigma, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    /// <summary>The inference step an evaluation belongs to, and whether it is the step's first.</summary>
    private (int Step, bool First) Locate(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        var index = _offset + stepIndex;
        return (index / 2, index % 2 == 0);
    }

    private float Midpoint(int step) => _midpoints[step];

    private void EnsureBuffers(int length)
    {
        if (_tmp.Length < length)
        {
            _saved = new float[length];
            _x0 = new float[length];
            _tmp = new float[length];
        }
    }
}
