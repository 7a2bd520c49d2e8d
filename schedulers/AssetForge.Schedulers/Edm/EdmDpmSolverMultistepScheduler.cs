namespace AssetForge.Schedulers.Edm;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.DpmSolverSde;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// diffusers' <c>EDMDPMSolverMultistepScheduler</c> with <c>algorithm_type: dpmsolver++</c>:
/// multistep DPM-Solver++ of order 1 to 3 on EDM's sigmas, in the variance-exploding form
/// (alpha = 1, lambda = -log sigma) on EDM-preconditioned data predictions. Scalars are float32
/// with torch's float32 log and exp, combined in diffusers' order.
/// </summary>
internal sealed class EdmDpmSolverMultistepScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly float[] _sigmas;
    private readonly int _offset;
    private readonly int _fullLength;
    private readonly EdmDpmSolverSettings _settings;
    private readonly PredictionHistory _predictions;
    private float[] _tmp = [];
    private float[] _tmp2 = [];
    private int _lowerOrderCount;

    public EdmDpmSolverMultistepScheduler(float[] timesteps, float[] sigmas, int offset, float initNoiseSigma, EdmDpmSolverSettings settings)
    {
        _timesteps = timesteps;
        _sigmas = sigmas;
        _offset = offset;
        _fullLength = sigmas.Length - 1;
        InitNoiseSigma = initNoiseSigma;
        _settings = settings;
        _predictions = new PredictionHistory(settings.SolverOrder);
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma { get; }

    public void ScaleModelInput(Span<float> sample, int stepIndex) =>
        TensorPrimitives.Multiply(sample, _settings.Preconditioning.InputScale(_sigmas[Index(stepIndex)]), sample);

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var index = Index(stepIndex);
        var length = sample.Length;
        EnsureBuffers(length);
        var order = _settings.SolverOrder;
        var shortSchedule = _settings.LowerOrderFinal && _fullLength < 15;
        var lowerOrderFinal = index == _fullLength - 1 && (_settings.EulerAtFinal || shortSchedule || _settings.FinalSigmaIsZero);
        var lowerOrderSecond = index == _fullLength - 2 && shortSchedule;

        _settings.Preconditioning.Denoise(sample, modelOutput, _sigmas[index], _predictions.Push(length), _tmp.AsSpan(0, length));

        if (order == 1 || _lowerOrderCount < 1 || lowerOrderFinal)
        {
            FirstOrder(index, sample, length);
        }
        else if (order == 2 || _lowerOrderCount < 2 || lowerOrderSecond)
        {
            SecondOrder(index, sample, length);
        }
        else
        {
            ThirdOrder(index, sample, length);
        }

        if (_lowerOrderCount < order)
        {
            _lowerOrderCount++;
        }
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        var sigma = _sigmas[Index(stepIndex)];
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] += noise[i] * sigma;
        }
    }

    // lambda = log(alpha) - log(sigma) with alpha = 1.
    private static float Lambda(float sigma) => 0f - TorchFloat32Math.Log(sigma);

    private Span<float> Prediction(int fromNewest, int length) => _predictions.FromNewest(fromNewest)[..length];

    private void FirstOrder(int index, Span<float> sample, int length)
    {
        var sigmaT = _sigmas[index + 1];
        var sigmaS = _sigmas[index];
        var h = Lambda(sigmaT) - Lambda(sigmaS);

        // x_t = (sigma_t / sigma_s) x - (e^-h - 1) D0
        var tmp = _tmp.AsSpan(0, length);
        TensorPrimitives.Multiply(sample, sigmaT / sigmaS, sample);
        TensorPrimitives.Multiply(Prediction(0, length), TorchFloat32Math.Exp(-h) - 1f, tmp);
        TensorPrimitives.Subtract(sample, tmp, sample);
    }

    private void SecondOrder(int index, Span<float> sample, int length)
    {
        var sigmaT = _sigmas[index + 1];
        var sigmaS0 = _sigmas[index];
        var lambdaT = Lambda(sigmaT);
        var lambdaS0 = Lambda(sigmaS0);
        var lambdaS1 = Lambda(_sigmas[index - 1]);
        var h = lambdaT - lambdaS0;
        var r0 = (lambdaS0 - lambdaS1) / h;
        var expMinusH = TorchFloat32Math.Exp(-h) - 1f;
        var m0 = Prediction(0, length);

        // D1 = (1 / r0) (m0 - m1)
        var d1 = _tmp.AsSpan(0, length);
        TensorPrimitives.Subtract(m0, Prediction(1, length), d1);
        TensorPrimitives.Multiply(d1, 1f / r0, d1);

        var term = _tmp2.AsSpan(0, length);
        TensorPrimitives.Multiply(sample, sigmaT / sigmaS0, sample);
        TensorPrimitives.Multiply(m0, expMinusH, term);
        TensorPrimitives.Subtract(sample, term, sample);
        if (_settings.Heun)
        {
            TensorPrimitives.Multiply(d1, (expMinusH / h) + 1f, term);
            TensorPrimitives.Add(sample, term, sample);
        }
        else
        {
            TensorPrimitives.Multiply(d1, 0.5f * expMinusH, term);
            TensorPrimitives.Subtract(sample, term, sample);
        }
    }

    private void ThirdOrder(int index, Span<float> sample, int length)
    {
        var sigmaT = _sigmas[index + 1];
        var sigmaS0 = _sigmas[index];
        var lambdaT = Lambda(sigmaT);
        var lambdaS0 = Lambda(sigmaS0);
        var lambdaS1 = Lambda(_sigmas[index - 1]);
        var lambdaS2 = Lambda(_sigmas[index - 2]);
        var h = lambdaT - lambdaS0;
        var r0 = (lambdaS0 - lambdaS1) / h;
        var r1 = (lambdaS1 - lambdaS2) / h;
        var expMinusH = TorchFloat32Math.Exp(-h) - 1f;
        var m0 = Prediction(0, length);
        var m1 = Prediction(1, length);
        var m2 = Prediction(2, length);

        // D1_0 = (1 / r0) (m0 - m1), D1_1 = (1 / r1) (m1 - m2), diff = D1_0 - D1_1
        var d10 = _tmp.AsSpan(0, length);
        TensorPrimitives.Subtract(m0, m1, d10);
        TensorPrimitives.Multiply(d10, 1f / r0, d10);
        var diff = _tmp2.AsSpan(0, length);
        TensorPrimitives.Subtract(m1, m2, diff);
        TensorPrimitives.Multiply(diff, 1f / r1, diff);
        TensorPrimitives.Subtract(d10, diff, diff);

        // x_t = (sigma_t / sigma_s0) x - (e^-h - 1) D0 + ((e^-h - 1)/h + 1) D1 - ((e^-h - 1 + h)/h^2 - 0.5) D2,
        // D1 = D1_0 + (r0 / (r0 + r1)) diff, D2 = (1 / (r0 + r1)) diff; m2's buffer is the next one
        // recycled, so it holds the terms.
        var term = m2;
        TensorPrimitives.Multiply(sample, sigmaT / sigmaS0, sample);
        TensorPrimitives.Multiply(m0, expMinusH, term);
        TensorPrimitives.Subtract(sample, term, sample);
        TensorPrimitives.Multiply(diff, r0 / (r0 + r1), term);
        TensorPrimitives.Add(d10, term, term);
        TensorPrimitives.Multiply(term, (expMinusH / h) + 1f, term);
        TensorPrimitives.Add(sample, term, sample);
        TensorPrimitives.Multiply(diff, 1f / (r0 + r1), term);
        TensorPrimitives.Multiply(term, ((expMinusH + h) / (h * h)) - 0.5f, term);
        TensorPrimitives.Subtract(sample, term, sample);
    }

    private void EnsureBuffers(int length)
    {
        if (_tmp.Length >= length)
        {
            return;
        }

        _tmp = new float[length];
        _tmp2 = new float[length];
    }

    private int Index(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        return _offset + stepIndex;
    }
}
