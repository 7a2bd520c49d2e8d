namespace AssetForge.Schedulers.Tcd;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// Trajectory consistency distillation's strategic stochastic sampling (Zheng et al. 2024),
/// matching diffusers' <c>TCDScheduler</c>: from timestep t the model's prediction is carried to
/// the intermediate timestep s = floor((1 - gamma) t_prev), then, except on the last step,
/// re-noised to t_prev with a fresh draw of the image's generator (gamma is diffusers' step
/// argument <c>eta</c>; 0 makes it deterministic).
/// </summary>
internal sealed class TcdScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly float[] _alphasCumprod;
    private readonly string _predictionType;
    private readonly bool _stochastic;

    // 1 - eta, taken in double (Python) and rounded to float32 when it meets the int64 timestep.
    private readonly float _keep;
    private float[] _x0 = [];
    private float[] _epsilon = [];
    private float[] _noise = [];

    /// <param name="timesteps">The timesteps this image runs (the full schedule's tail).</param>
    /// <param name="alphasCumprod">The training schedule's cumulative alphas.</param>
    /// <param name="predictionType">epsilon, v_prediction or sample.</param>
    /// <param name="eta">diffusers' <c>eta</c> (the paper's gamma), in [0, 1].</param>
    public TcdScheduler(float[] timesteps, float[] alphasCumprod, string predictionType, double eta)
    {
        _timesteps = timesteps;
        _alphasCumprod = alphasCumprod;
        _predictionType = predictionType;
        _stochastic = eta > 0;
        _keep = (float)(1 - eta);
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma => 1f;

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        // The model takes the sample as it is.
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var t = TimestepAt(stepIndex);
        var last = stepIndex == _timesteps.Length - 1;
        var previous = last ? 0 : (int)_timesteps[stepIndex + 1];

        // torch: floor((1 - eta) * prev_timestep) in float32, then long.
        var s = (int)MathF.Floor(_keep * previous);
        var alphaT = _alphasCumprod[t];
        var sqrtAlphaT = MathF.Sqrt(alphaT);
        var sqrtBetaT = MathF.Sqrt(1f - alphaT);
        var alphaPrev = _alphasCumprod[previous];
        var alphaS = _alphasCumprod[s];

        var length = sample.Length;
        if (_x0.Length < length)
        {
            _x0 = new float[length];
            _epsilon = new float[length];
            _noise = new float[length];
        }

        var x0 = _x0.AsSpan(0, length);
        var epsilon = _epsilon.AsSpan(0, length);
        Predict(modelOutput, sample, sqrtAlphaT, sqrtBetaT, x0, epsilon);

        // noised = sqrt(alpha_s) x0 + sqrt(1 - alpha_s) eps, into x0
        TensorPrimitives.Multiply(x0, MathF.Sqrt(alphaS), x0);
        TensorPrimitives.Multiply(epsilon, MathF.Sqrt(1f - alphaS), epsilon);
        TensorPrimitives.Add(x0, epsilon, x0);

        if (_stochastic && !last)
        {
            ArgumentNullException.ThrowIfNull(noise);
            var z = _noise.AsSpan(0, length);
            noise.NextStandardNormal(z);
            var ratio = alphaPrev / alphaS;
            TensorPrimitives.Multiply(x0, MathF.Sqrt(ratio), sample);
            TensorPrimitives.Multiply(z, MathF.Sqrt(1f - ratio), z);
            TensorPrimitives.Add(sample, z, sample);
        }
        else
        {
            x0.CopyTo(sample);
        }
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        var alpha = _alphasCumprod[TimestepAt(stepIndex)];
        var sqrtAlpha = MathF.Sqrt(alpha);
        var sqrtOneMinus = MathF.Sqrt(1f - alpha);
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] = (sqrtAlpha * sample[i]) + (sqrtOneMinus * noise[i]);
        }
    }

    private void Predict(ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, float sqrtAlphaT, float sqrtBetaT, Span<float> x0, Span<float> epsilon)
    {
        switch (_predictionType)
        {
            case "epsilon":
                // x0 = (x - sqrt(beta_t) eps) / sqrt(alpha_t)
                TensorPrimitives.Multiply(modelOutput, sqrtBetaT, x0);
                TensorPrimitives.Subtract(sample, x0, x0);
                TensorPrimitives.Divide(x0, sqrtAlphaT, x0);
                modelOutput.CopyTo(epsilon);
                break;
            case "v_prediction":
                // x0 = sqrt(alpha_t) x - sqrt(beta_t) v; eps = sqrt(alpha_t) v + sqrt(beta_t) x
                TensorPrimitives.Multiply(sample, sqrtAlphaT, x0);
                TensorPrimitives.Multiply(modelOutput, sqrtBetaT, epsilon);
                TensorPrimitives.Subtract(x0, epsilon, x0);
                TensorPrimitives.Multiply(modelOutput, sqrtAlphaT, epsilon);
                for (var i = 0; i < epsilon.Length; i++)
                {
                    epsilon[i] += sqrtBetaT * sample[i];
                }

                break;
            default:
                // eps = (x - sqrt(alpha_t) x0) / sqrt(beta_t)
                modelOutput.CopyTo(x0);
                TensorPrimitives.Multiply(x0, sqrtAlphaT, epsilon);
                TensorPrimitives.Subtract(sample, epsilon, epsilon);
                TensorPrimitives.Divide(epsilon, sqrtBetaT, epsilon);
                break;
        }
    }

    private int TimestepAt(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        return (int)_timesteps[stepIndex];
    }
}
