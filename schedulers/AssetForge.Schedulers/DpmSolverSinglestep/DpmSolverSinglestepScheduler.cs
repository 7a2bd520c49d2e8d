namespace AssetForge.Schedulers.DpmSolverSinglestep;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.DpmSolver;
using AssetForge.Schedulers.DpmSolverSde;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// Singlestep DPM-Solver++ (Lu et al. 2022) of order 2 or 3, matching diffusers'
/// <c>DPMSolverSinglestepScheduler</c> with <c>algorithm_type: dpmsolver++</c>. Unlike the
/// multistep solver, a k-th order step is a run of k model calls: the first is a first-order step
/// that also keeps the sample, the others evaluate the model at the run's intermediate points and
/// the last one integrates from the kept sample across the whole run with all of the run's data
/// predictions. Scalars are float32 as diffusers' 0-d tensors are, combined in its order.
/// </summary>
internal sealed class DpmSolverSinglestepScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly float[] _sigmas;
    private readonly int[] _orders;
    private readonly int _offset;
    private readonly int _solverOrder;
    private readonly string _predictionType;
    private readonly bool _heun;

    private readonly PredictionHistory _predictions;
    private float[] _runStart = [];
    private float[] _tmp = [];
    private float[] _tmp2 = [];
    private float[] _tmp3 = [];
    private float[] _tmp4 = [];

    /// <param name="timesteps">The timesteps this image runs.</param>
    /// <param name="sigmas">The full schedule's sigmas, one more than its timesteps.</param>
    /// <param name="orders">The full schedule's order per step (<see cref="SinglestepOrders"/>).</param>
    /// <param name="offset">Index in <paramref name="sigmas"/> of the first timestep run.</param>
    /// <param name="solverOrder">2 or 3.</param>
    /// <param name="predictionType">epsilon, v_prediction or sample.</param>
    /// <param name="heun">solver_type heun rather than midpoint.</param>
    public DpmSolverSinglestepScheduler(float[] timesteps, float[] sigmas, int[] orders, int offset, int solverOrder, string predictionType, bool heun)
    {
        _timesteps = timesteps;
        _sigmas = sigmas;
        _orders = orders;
        _offset = offset;
        _solverOrder = solverOrder;
        _predictionType = predictionType;
        _heun = heun;
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

        var tmp = _tmp.AsSpan(0, length);
        DpmSolverMultistepScheduler.PredictOriginal(_predictionType, modelOutput, sample, _sigmas[index], _predictions.Push(length), tmp);

        // diffusers lowers the order while its list of predictions is not yet full (img2img).
        var order = Math.Min(_orders[index], _predictions.Count);
        var runStart = _runStart.AsSpan(0, length);
        if (order == 1)
        {
            sample.CopyTo(runStart);
        }

        switch (order)
        {
            case 1:
                FirstOrder(index, runStart, sample, length);
                break;
            case 2:
                SecondOrder(index, runStart, sample, length);
                break;
            default:
                ThirdOrder(index, runStart, sample, length);
                break;
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

    private static float Lambda(float alpha, float sigma) => TorchFloat32Math.Log(alpha) - TorchFloat32Math.Log(sigma);

    private Span<float> Prediction(int fromNewest, int length) => _predictions.FromNewest(fromNewest)[..length];

    private void FirstOrder(int index, ReadOnlySpan<float> start, Span<float> result, int length)
    {
        var (alphaT, sigmaT) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index + 1]);
        var (alphaS, sigmaS) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index]);
        var h = Lambda(alphaT, sigmaT) - Lambda(alphaS, sigmaS);

        // x_t = (sigma_t / sigma_s) x - alpha_t (e^-h - 1) D0
        var tmp = _tmp.AsSpan(0, length);
        TensorPrimitives.Multiply(Prediction(0, length), alphaT * (TorchFloat32Math.Exp(-h) - 1f), tmp);
        TensorPrimitives.Multiply(start, sigmaT / sigmaS, result);
        TensorPrimitives.Subtract(result, tmp, result);
    }

    private void SecondOrder(int index, ReadOnlySpan<float> start, Span<float> result, int length)
    {
        var (alphaT, sigmaT) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index + 1]);
        var (alphaS0, sigmaS0) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index]);
        var (alphaS1, sigmaS1) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index - 1]);
        var lambdaT = Lambda(alphaT, sigmaT);
        var lambdaS0 = Lambda(alphaS0, sigmaS0);
        var lambdaS1 = Lambda(alphaS1, sigmaS1);
        var h = lambdaT - lambdaS1;
        var r0 = (lambdaS0 - lambdaS1) / h;
        var m0 = Prediction(0, length);
        var d0 = Prediction(1, length);
        var expMinusH = TorchFloat32Math.Exp(-h) - 1f;

        // D1 = (1 / r0) (m0 - m1)
        var d1 = _tmp.AsSpan(0, length);
        TensorPrimitives.Subtract(m0, d0, d1);
        TensorPrimitives.Multiply(d1, 1f / r0, d1);

        var term = _tmp2.AsSpan(0, length);
        TensorPrimitives.Multiply(start, sigmaT / sigmaS1, result);
        TensorPrimitives.Multiply(d0, alphaT * expMinusH, term);
        TensorPrimitives.Subtract(result, term, result);
        if (_heun)
        {
            TensorPrimitives.Multiply(d1, alphaT * ((expMinusH / h) + 1f), term);
            TensorPrimitives.Add(result, term, result);
        }
        else
        {
            TensorPrimitives.Multiply(d1, 0.5f * (alphaT * expMinusH), term);
            TensorPrimitives.Subtract(result, term, result);
        }
    }

    private void ThirdOrder(int index, ReadOnlySpan<float> start, Span<float> result, int length)
    {
        var (alphaT, sigmaT) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index + 1]);
        var (alphaS0, sigmaS0) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index]);
        var (alphaS1, sigmaS1) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index - 1]);
        var (alphaS2, sigmaS2) = DpmSolverMultistepScheduler.AlphaSigma(_sigmas[index - 2]);
        var lambdaT = Lambda(alphaT, sigmaT);
        var lambdaS0 = Lambda(alphaS0, sigmaS0);
        var lambdaS1 = Lambda(alphaS1, sigmaS1);
        var lambdaS2 = Lambda(alphaS2, sigmaS2);
        var h = lambdaT - lambdaS2;
        var r0 = (lambdaS0 - lambdaS2) / h;
        var r1 = (lambdaS1 - lambdaS2) / h;
        var m0 = Prediction(0, length);
        var m1 = Prediction(1, length);
        var d0 = Prediction(2, length);
        var expMinusH = TorchFloat32Math.Exp(-h) - 1f;

        // D1_1 = (1 / r0) (m0 - m2)
        var d11 = _tmp.AsSpan(0, length);
        TensorPrimitives.Subtract(m0, d0, d11);
        TensorPrimitives.Multiply(d11, 1f / r0, d11);
        var term = _tmp2.AsSpan(0, length);

        TensorPrimitives.Multiply(start, sigmaT / sigmaS2, result);
        TensorPrimitives.Multiply(d0, alphaT * expMinusH, term);
        TensorPrimitives.Subtract(result, term, result);
        if (!_heun)
        {
            TensorPrimitives.Multiply(d11, alphaT * ((expMinusH / h) + 1f), term);
            TensorPrimitives.Add(result, term, result);
            return;
        }

        // D1_0 = (1 / r1) (m1 - m2); D1 = (r0 D1_0 - r1 D1_1) / (r0 - r1)
        var d10 = _tmp3.AsSpan(0, length);
        TensorPrimitives.Subtract(m1, d0, d10);
        TensorPrimitives.Multiply(d10, 1f / r1, d10);
        var d1 = _tmp4.AsSpan(0, length);
        TensorPrimitives.Multiply(d10, r0, d1);
        TensorPrimitives.Multiply(d11, r1, term);
        TensorPrimitives.Subtract(d1, term, d1);
        TensorPrimitives.Divide(d1, r0 - r1, d1);
        TensorPrimitives.Multiply(d1, alphaT * ((expMinusH / h) + 1f), d1);
        TensorPrimitives.Add(result, d1, result);

        // D2 = 2 (D1_1 - D1_0) / (r0 - r1)
        TensorPrimitives.Subtract(d11, d10, term);
        TensorPrimitives.Multiply(term, 2f, term);
        TensorPrimitives.Divide(term, r0 - r1, term);
        TensorPrimitives.Multiply(term, alphaT * (((expMinusH + h) / (h * h)) - 0.5f), term);
        TensorPrimitives.Subtract(result, term, result);
    }

    private void EnsureBuffers(int length)
    {
        if (_tmp.Length >= length)
        {
            return;
        }

        _runStart = new float[length];
        _tmp = new float[length];
        _tmp2 = new float[length];
        _tmp3 = new float[length];
        _tmp4 = new float[length];
    }

    private int Index(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        return _offset + stepIndex;
    }
}
