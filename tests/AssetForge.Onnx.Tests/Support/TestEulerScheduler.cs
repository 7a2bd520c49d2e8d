namespace AssetForge.Onnx.Tests.Support;

using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// Test-only Euler (epsilon prediction, SD 1.5 scaled-linear betas, linspace timesteps), enough to
/// drive the pipeline's mechanics while the real schedulers live on another branch.
/// </summary>
internal sealed class TestEulerScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly float[] _sigmas;

    public TestEulerScheduler(int steps)
    {
        const int trainSteps = 1000;
        var sigmasFull = new double[trainSteps];
        double product = 1;
        var start = Math.Sqrt(0.00085);
        var end = Math.Sqrt(0.012);
        for (var i = 0; i < trainSteps; i++)
        {
            var beta = start + ((end - start) * i / (trainSteps - 1));
            product *= 1 - (beta * beta);
            sigmasFull[i] = Math.Sqrt((1 - product) / product);
        }

        _timesteps = new float[steps];
        _sigmas = new float[steps + 1];
        for (var i = 0; i < steps; i++)
        {
            var t = steps == 1 ? trainSteps - 1.0 : (trainSteps - 1.0) * (steps - 1 - i) / (steps - 1);
            var low = (int)Math.Floor(t);
            var high = Math.Min(low + 1, trainSteps - 1);
            _timesteps[i] = (float)t;
            _sigmas[i] = (float)(sigmasFull[low] + ((sigmasFull[high] - sigmasFull[low]) * (t - low)));
        }

        InitNoiseSigma = (float)Math.Sqrt((_sigmas[0] * (double)_sigmas[0]) + 1);
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma { get; }

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        var scale = 1f / MathF.Sqrt((_sigmas[stepIndex] * _sigmas[stepIndex]) + 1);
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] *= scale;
        }
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        var dt = _sigmas[stepIndex + 1] - _sigmas[stepIndex];
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] += modelOutput[i] * dt;
        }
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] += noise[i] * _sigmas[stepIndex];
        }
    }
}
