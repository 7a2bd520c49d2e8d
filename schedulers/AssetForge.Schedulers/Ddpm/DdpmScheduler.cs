namespace AssetForge.Schedulers.Ddpm;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// Ancestral sampling of denoising diffusion probabilistic models (Ho et al. 2020), matching
/// diffusers' <c>DDPMScheduler</c>: the posterior mean of x_{t-1} given the predicted clean sample,
/// plus fresh noise of the posterior's standard deviation at every step whose timestep is above 0.
/// The previous timestep is the next one in the schedule (-1, i.e. alpha_bar = 1, after the last).
/// </summary>
internal sealed class DdpmScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly float[] _alphasCumprod;
    private readonly DdpmSettings _settings;
    private float[] _scratch = [];

    public DdpmScheduler(float[] timesteps, float[] alphasCumprod, DdpmSettings settings)
    {
        _timesteps = timesteps;
        _alphasCumprod = alphasCumprod;
        _settings = settings;
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma => 1f;

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        // DDPM's model input is the sample itself.
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var t = TimestepAt(stepIndex);
        var previous = stepIndex + 1 < _timesteps.Length ? (int)_timesteps[stepIndex + 1] : -1;
        var alphaProd = AlphaCumprod(t);
        var alphaProdPrev = previous >= 0 ? AlphaCumprod(previous) : 1f;
        var betaProd = 1f - alphaProd;
        var betaProdPrev = 1f - alphaProdPrev;
        var currentAlpha = alphaProd / alphaProdPrev;
        var currentBeta = 1f - currentAlpha;

        var length = sample.Length;
        EnsureScratch(length);
        var x0 = _scratch.AsSpan(0, length);
        var tmp = _scratch.AsSpan(length, length);
        CleanSamplePrediction.Compute(modelOutput, sample, alphaProd, _settings.PredictionType, x0, tmp);
        _settings.Bounds.Apply(x0, tmp);

        // Posterior mean (Ho et al. eq. 7): c0 x0 + ct x_t.
        var x0Coefficient = MathF.Sqrt(alphaProdPrev) * currentBeta / betaProd;
        var sampleCoefficient = MathF.Sqrt(currentAlpha) * betaProdPrev / betaProd;
        TensorPrimitives.Multiply(x0, x0Coefficient, x0);
        TensorPrimitives.Multiply(sample, sampleCoefficient, sample);
        TensorPrimitives.Add(x0, sample, sample);

        if (t > 0)
        {
            noise.NextStandardNormal(tmp);
            TensorPrimitives.Multiply(tmp, StandardDeviation(alphaProd, alphaProdPrev, currentBeta), tmp);
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

    private float StandardDeviation(float alphaProd, float alphaProdPrev, float currentBeta)
    {
        var variance = (1f - alphaProdPrev) / (1f - alphaProd) * currentBeta;
        variance = Math.Max(variance, 1e-20f);
        return _settings.VarianceType switch
        {
            // diffusers takes exp(0.5 log v) for the "log" variant: the same quantity, rounded differently.
            "fixed_small_log" => MathF.Exp(0.5f * MathF.Log(variance)),
            "fixed_large" => MathF.Sqrt(currentBeta),
            _ => MathF.Sqrt(variance),
        };
    }

    // Trailing spacing can end at timestep -1, which diffusers' indexing wraps around as Python does.
    private float AlphaCumprod(int timestep) =>
        _alphasCumprod[timestep < 0 ? timestep + _alphasCumprod.Length : timestep];

    private int TimestepAt(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        return (int)_timesteps[stepIndex];
    }

    private void EnsureScratch(int length)
    {
        if (_scratch.Length < 2 * length)
        {
            _scratch = new float[2 * length];
        }
    }
}
