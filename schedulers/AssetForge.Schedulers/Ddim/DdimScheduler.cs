namespace AssetForge.Schedulers.Ddim;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// Denoising diffusion implicit models (Song et al. 2020), matching diffusers' <c>DDIMScheduler</c>,
/// including its quirks: the previous timestep is always <c>t - num_train_timesteps / steps</c>
/// (integer division) whatever the spacing, and a negative index wraps around as in Python.
/// Elementwise math is float32 in diffusers' operation order; eta &gt; 0 draws one unit-normal
/// tensor of the latent's size per step.
/// </summary>
internal sealed class DdimScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly float[] _alphasCumprod;
    private readonly float _finalAlphaCumprod;
    private readonly int _stepRatio;
    private readonly DdimSettings _settings;
    private float[] _scratch = [];

    public DdimScheduler(float[] timesteps, float[] alphasCumprod, float finalAlphaCumprod, int stepRatio, DdimSettings settings)
    {
        _timesteps = timesteps;
        _alphasCumprod = alphasCumprod;
        _finalAlphaCumprod = finalAlphaCumprod;
        _stepRatio = stepRatio;
        _settings = settings;
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma => 1f;

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        // DDIM's model input is the sample itself.
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var timestep = TimestepAt(stepIndex);
        var previous = timestep - _stepRatio;
        var alphaProd = AlphaCumprod(timestep);
        var alphaProdPrev = previous >= 0 ? AlphaCumprod(previous) : _finalAlphaCumprod;
        var betaProd = 1f - alphaProd;
        var sqrtAlpha = MathF.Sqrt(alphaProd);
        var sqrtBeta = MathF.Sqrt(betaProd);

        var length = sample.Length;
        EnsureScratch(length);
        var x0 = _scratch.AsSpan(0, length);
        var eps = _scratch.AsSpan(length, length);
        var tmp = _scratch.AsSpan(2 * length, length);
        switch (_settings.PredictionType)
        {
            case "epsilon":
                TensorPrimitives.Multiply(modelOutput, sqrtBeta, tmp);
                TensorPrimitives.Subtract(sample, tmp, x0);
                TensorPrimitives.Divide(x0, sqrtAlpha, x0);
                modelOutput.CopyTo(eps);
                break;
            case "sample":
                modelOutput.CopyTo(x0);
                TensorPrimitives.Multiply(x0, sqrtAlpha, tmp);
                TensorPrimitives.Subtract(sample, tmp, eps);
                TensorPrimitives.Divide(eps, sqrtBeta, eps);
                break;
            default: // v_prediction
                TensorPrimitives.Multiply(sample, sqrtAlpha, x0);
                TensorPrimitives.Multiply(modelOutput, sqrtBeta, tmp);
                TensorPrimitives.Subtract(x0, tmp, x0);
                TensorPrimitives.Multiply(modelOutput, sqrtAlpha, eps);
                TensorPrimitives.Multiply(sample, sqrtBeta, tmp);
                TensorPrimitives.Add(eps, tmp, eps);
                break;
        }

        _settings.Bounds.Apply(x0, tmp);

        var betaProdPrev = 1f - alphaProdPrev;
        var variance = betaProdPrev / betaProd * (1f - (alphaProd / alphaProdPrev));
        var stdDev = (float)_settings.Eta * MathF.Sqrt(variance);
        var direction = MathF.Sqrt(1f - alphaProdPrev - (stdDev * stdDev));

        // x_prev = sqrt(alpha_prev) * x0 + sqrt(1 - alpha_prev - std^2) * eps (+ std * z)
        TensorPrimitives.Multiply(eps, direction, eps);
        TensorPrimitives.Multiply(x0, MathF.Sqrt(alphaProdPrev), sample);
        TensorPrimitives.Add(sample, eps, sample);
        if (_settings.Eta > 0)
        {
            noise.NextStandardNormal(tmp);
            TensorPrimitives.Multiply(tmp, stdDev, tmp);
            TensorPrimitives.Add(sample, tmp, sample);
        }
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        var alphaProd = AlphaCumprod(TimestepAt(stepIndex));
        EnsureScratch(sample.Length);
        var tmp = _scratch.AsSpan(0, sample.Length);
        TensorPrimitives.Multiply(noise, MathF.Sqrt(1f - alphaProd), tmp);
        TensorPrimitives.Multiply(sample, MathF.Sqrt(alphaProd), sample);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    private int TimestepAt(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        return (int)_timesteps[stepIndex];
    }

    private float AlphaCumprod(int timestep) =>
        _alphasCumprod[timestep < 0 ? timestep + _alphasCumprod.Length : timestep];

    private void EnsureScratch(int length)
    {
        if (_scratch.Length < 3 * length)
        {
            _scratch = new float[3 * length];
        }
    }
}
