namespace AssetForge.Schedulers.Edm;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// diffusers' <c>EDMEulerScheduler</c> without churn (its default, <c>s_churn = 0</c>): Euler steps
/// of the probability-flow ODE in sigma, with EDM's preconditioning of the model's input and output.
/// </summary>
internal sealed class EdmEulerScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly float[] _sigmas;
    private readonly int _offset;
    private readonly EdmPreconditioning _preconditioning;
    private float[] _denoised = [];
    private float[] _tmp = [];

    /// <param name="timesteps">The timesteps this image runs.</param>
    /// <param name="sigmas">The full schedule's sigmas, one more than its timesteps.</param>
    /// <param name="offset">Index in <paramref name="sigmas"/> of the first timestep run.</param>
    /// <param name="initNoiseSigma">sqrt(sigma_max^2 + 1), rounded to float.</param>
    /// <param name="preconditioning">c_in, c_skip and c_out.</param>
    public EdmEulerScheduler(float[] timesteps, float[] sigmas, int offset, float initNoiseSigma, EdmPreconditioning preconditioning)
    {
        _timesteps = timesteps;
        _sigmas = sigmas;
        _offset = offset;
        InitNoiseSigma = initNoiseSigma;
        _preconditioning = preconditioning;
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma { get; }

    public void ScaleModelInput(Span<float> sample, int stepIndex) =>
        TensorPrimitives.Multiply(sample, _preconditioning.InputScale(_sigmas[Index(stepIndex)]), sample);

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var index = Index(stepIndex);
        if (_tmp.Length < sample.Length)
        {
            _denoised = new float[sample.Length];
            _tmp = new float[sample.Length];
        }

        var sigma = _sigmas[index];
        var denoised = _denoised.AsSpan(0, sample.Length);
        var tmp = _tmp.AsSpan(0, sample.Length);
        _preconditioning.Denoise(sample, modelOutput, sigma, denoised, tmp);

        // x + ((x - denoised) / sigma) (sigma_next - sigma)
        TensorPrimitives.Subtract(sample, denoised, tmp);
        TensorPrimitives.Divide(tmp, sigma, tmp);
        TensorPrimitives.Multiply(tmp, _sigmas[index + 1] - sigma, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        var sigma = _sigmas[Index(stepIndex)];
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] += noise[i] * sigma;
        }
    }

    private int Index(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        return _offset + stepIndex;
    }
}
