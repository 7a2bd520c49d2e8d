namespace AssetForge.Schedulers.Lcm;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// Latent consistency model sampling (Luo et al. 2023), matching diffusers' <c>LCMScheduler</c>:
/// each step maps the sample to its consistency-function estimate of x0 (the boundary-condition
/// mix c_skip·x + c_out·x0) and, except on the last step, re-noises it to the next timestep with
/// fresh noise from the image's generator.
/// </summary>
internal sealed class LcmScheduler : IScheduler
{
    private const float SigmaDataSquared = 0.25f;

    private readonly float[] _timesteps;
    private readonly float[] _alphasCumprod;
    private readonly LcmSettings _settings;
    private float[] _scratch = [];

    public LcmScheduler(float[] timesteps, float[] alphasCumprod, LcmSettings settings)
    {
        _timesteps = timesteps;
        _alphasCumprod = alphasCumprod;
        _settings = settings;
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma => 1f;

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        // The model takes the sample as it is.
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var t = TimestepAt(stepIndex);
        var last = stepIndex == _timesteps.Length - 1;
        var previous = last ? t : (int)_timesteps[stepIndex + 1];
        var alphaProd = _alphasCumprod[t];
        var alphaProdPrev = _alphasCumprod[previous];

        // Boundary-condition scalings of the consistency function (sigma_data = 0.5).
        var scaled = t * _settings.TimestepScaling;
        var cSkip = SigmaDataSquared / ((scaled * scaled) + SigmaDataSquared);
        var cOut = scaled / MathF.Sqrt((scaled * scaled) + SigmaDataSquared);

        var length = sample.Length;
        EnsureScratch(length);
        var x0 = _scratch.AsSpan(0, length);
        var tmp = _scratch.AsSpan(length, length);
        CleanSamplePrediction.Compute(modelOutput, sample, alphaProd, _settings.PredictionType, x0, tmp);
        _settings.Bounds.Apply(x0, tmp);

        // denoised = c_out x0 + c_skip x
        TensorPrimitives.Multiply(x0, cOut, x0);
        TensorPrimitives.Multiply(sample, cSkip, sample);
        TensorPrimitives.Add(x0, sample, sample);
        if (!last)
        {
            noise.NextStandardNormal(tmp);
            TensorPrimitives.Multiply(sample, MathF.Sqrt(alphaProdPrev), sample);
            TensorPrimitives.Multiply(tmp, MathF.Sqrt(1f - alphaProdPrev), tmp);
            TensorPrimitives.Add(sample, tmp, sample);
        }
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        var alphaProd = _alphasCumprod[TimestepAt(stepIndex)];
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

    private void EnsureScratch(int length)
    {
        if (_scratch.Length < 2 * length)
        {
            _scratch = new float[2 * length];
        }
    }
}
