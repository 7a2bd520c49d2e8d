namespace AssetForge.Schedulers.Deis;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.DpmSolver;
using AssetForge.Schedulers.DpmSolverSde;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// DEIS (Zhang and Chen 2022, "log-rho" multistep), matching diffusers' <c>DEISMultistepScheduler</c>:
/// the model output is turned into a data prediction and back into a noise prediction, and each
/// step integrates the noise prediction exactly in rho = sigma/alpha with a Lagrange polynomial
/// through the last 1 to 3 of them, whose integrals in log rho are closed-form. Scalars are float32
/// as diffusers' 0-d tensors and NumPy float32 scalars are, combined in its order.
/// </summary>
internal sealed class DeisMultistepScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly float[] _sigmas;
    private readonly int _offset;
    private readonly int _fullLength;
    private readonly int _solverOrder;
    private readonly bool _lowerOrderFinal;
    private readonly string _predictionType;

    private readonly PredictionHistory _predictions;
    private float[] _tmp = [];
    private float[] _tmp2 = [];
    private int _lowerOrderCount;

    /// <param name="timesteps">The timesteps this image runs.</param>
    /// <param name="sigmas">The full schedule's sigmas, one more than its timesteps.</param>
    /// <param name="offset">Index in <paramref name="sigmas"/> of the first timestep run.</param>
    /// <param name="solverOrder">1, 2 or 3.</param>
    /// <param name="lowerOrderFinal">Lower the order of the last steps of schedules shorter than 15.</param>
    /// <param name="predictionType">epsilon, v_prediction or sample.</param>
    public DeisMultistepScheduler(float[] timesteps, float[] sigmas, int offset, int solverOrder, bool lowerOrderFinal, string predictionType)
    {
        _timesteps = timesteps;
        _sigmas = sigmas;
        _offset = offset;
        _fullLength = sigmas.Length - 1;
        _solverOrder = solverOrder;
        _lowerOrderFinal = lowerOrderFinal;
        _predictionType = predictionType;
        _predictions = new PredictionHistory(solverOrder);
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma => 1f;

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        // The model takes the variance-preserving sample as it is.
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var index = Index(stepIndex);
        var length = sample.Length;
        EnsureBuffers(length);
        var shortSchedule = _lowerOrderFinal && _fullLength < 15;
        var lowerOrderFinal = shortSchedule && index == _fullLength - 1;
        var lowerOrderSecond = shortSchedule && index == _fullLength - 2;

        PredictNoise(modelOutput, sample, _sigmas[index], _predictions.Push(length));

        if (_solverOrder == 1 || _lowerOrderCount < 1 || lowerOrderFinal)
        {
            FirstOrder(index, sample, length);
        }
        else if (_solverOrder == 2 || _lowerOrderCount < 2 || lowerOrderSecond)
        {
            SecondOrder(index, sample, length);
        }
        else
        {
            ThirdOrder(index, sample, length);
        }

        if (_lowerOrderCount < _solverOrder)
        {
            _lowerOrderCount++;
        }
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        EnsureBuffers(sample.Length);
        var (alpha, sigma) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[Index(stepIndex)]);
        var tmp = _tmp.AsSpan(0, sample.Length);
        TensorPrimitives.Multiply(sample, alpha, sample);
        TensorPrimitives.Multiply(noise, sigma, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    // diffusers takes these logs with NumPy (np.log of float32 scalars).
    // The integral of the Lagrange basis polynomial through log rho b and c that is 1 at b, from
    // the antiderivative t (log t - log c - 1) / (log b - log c).
    private static float SecondOrderIntegral(float t, float b, float c) =>
        t * ((-NumPyFloat32Log.Log(c) + NumPyFloat32Log.Log(t)) - 1f) / (NumPyFloat32Log.Log(b) - NumPyFloat32Log.Log(c));

    private static float ThirdOrderIntegral(float t, float b, float c, float d)
    {
        var logT = NumPyFloat32Log.Log(t);
        var logC = NumPyFloat32Log.Log(c);
        var logD = NumPyFloat32Log.Log(d);
        var logB = NumPyFloat32Log.Log(b);
        var numerator = t * (((((logC * ((logD - logT) + 1f)) - (logD * logT)) + logD) + (logT * logT)) - (2f * logT) + 2f);
        var denominator = (logB - logC) * (logB - logD);
        return numerator / denominator;
    }

    private static float Rho(float sigma)
    {
        var (alpha, sigmaT) = DpmSolverMultistepScheduler.AlphaSigma(sigma);
        return sigmaT / alpha;
    }

    private Span<float> Prediction(int fromNewest, int length) => _predictions.FromNewest(fromNewest)[..length];

    /// <summary>diffusers' convert_model_output: x0 from the model output, then the noise that x0 implies.</summary>
    private void PredictNoise(ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, float sigma, Span<float> epsilon)
    {
        var length = sample.Length;
        var x0 = _tmp2.AsSpan(0, length);
        var tmp = _tmp.AsSpan(0, length);
        DpmSolverMultistepScheduler.PredictOriginal(_predictionType, modelOutput, sample, sigma, x0, tmp);

        // (x - alpha_t x0) / sigma_t
        var (alpha, sigmaT) = DpmSolverMultistepScheduler.AlphaSigma(sigma);
        TensorPrimitives.Multiply(x0, alpha, tmp);
        TensorPrimitives.Subtract(sample, tmp, epsilon);
        TensorPrimitives.Divide(epsilon, sigmaT, epsilon);
    }

    private void FirstOrder(int index, Span<float> sample, int length)
    {
        var (alphaT, sigmaT) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index + 1]);
        var (alphaS, sigmaS) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index]);
        var h = (TorchFloat32Math.Log(alphaT) - TorchFloat32Math.Log(sigmaT)) - (TorchFloat32Math.Log(alphaS) - TorchFloat32Math.Log(sigmaS));

        // x_t = (alpha_t / alpha_s) x - sigma_t (e^h - 1) eps
        var tmp = _tmp.AsSpan(0, length);
        TensorPrimitives.Multiply(sample, alphaT / alphaS, sample);
        TensorPrimitives.Multiply(Prediction(0, length), sigmaT * (TorchFloat32Math.Exp(h) - 1f), tmp);
        TensorPrimitives.Subtract(sample, tmp, sample);
    }

    private void SecondOrder(int index, Span<float> sample, int length)
    {
        var alphaT = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index + 1]).Alpha;
        var alphaS0 = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index]).Alpha;
        var rhoT = Rho(_sigmas[index + 1]);
        var rhoS0 = Rho(_sigmas[index]);
        var rhoS1 = Rho(_sigmas[index - 1]);
        var coef1 = SecondOrderIntegral(rhoT, rhoS0, rhoS1) - SecondOrderIntegral(rhoS0, rhoS0, rhoS1);
        var coef2 = SecondOrderIntegral(rhoT, rhoS1, rhoS0) - SecondOrderIntegral(rhoS0, rhoS1, rhoS0);

        // x_t = alpha_t (x / alpha_s0 + coef1 m0 + coef2 m1)
        var tmp = _tmp.AsSpan(0, length);
        TensorPrimitives.Divide(sample, alphaS0, sample);
        TensorPrimitives.Multiply(Prediction(0, length), coef1, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
        TensorPrimitives.Multiply(Prediction(1, length), coef2, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
        TensorPrimitives.Multiply(sample, alphaT, sample);
    }

    private void ThirdOrder(int index, Span<float> sample, int length)
    {
        var alphaT = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index + 1]).Alpha;
        var alphaS0 = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index]).Alpha;
        var rhoT = Rho(_sigmas[index + 1]);
        var rhoS0 = Rho(_sigmas[index]);
        var rhoS1 = Rho(_sigmas[index - 1]);
        var rhoS2 = Rho(_sigmas[index - 2]);
        var coef1 = ThirdOrderIntegral(rhoT, rhoS0, rhoS1, rhoS2) - ThirdOrderIntegral(rhoS0, rhoS0, rhoS1, rhoS2);
        var coef2 = ThirdOrderIntegral(rhoT, rhoS1, rhoS2, rhoS0) - ThirdOrderIntegral(rhoS0, rhoS1, rhoS2, rhoS0);
        var coef3 = ThirdOrderIntegral(rhoT, rhoS2, rhoS0, rhoS1) - ThirdOrderIntegral(rhoS0, rhoS2, rhoS0, rhoS1);

        // x_t = alpha_t (x / alpha_s0 + coef1 m0 + coef2 m1 + coef3 m2)
        var tmp = _tmp.AsSpan(0, length);
        TensorPrimitives.Divide(sample, alphaS0, sample);
        TensorPrimitives.Multiply(Prediction(0, length), coef1, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
        TensorPrimitives.Multiply(Prediction(1, length), coef2, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
        TensorPrimitives.Multiply(Prediction(2, length), coef3, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
        TensorPrimitives.Multiply(sample, alphaT, sample);
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
