namespace AssetForge.Schedulers.UniPc;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// UniPC (Zhao et al. 2023), matching diffusers' <c>UniPCMultistepScheduler</c> with
/// <c>predict_x0</c>: each step first corrects the current sample with the new data prediction
/// (UniC, using the previous step's order), then predicts the next sample (UniP) from the last
/// <c>order</c> data predictions. Coefficients are float32 scalars as diffusers' 0-d tensors are;
/// the order is lowered at the start (not enough history) and, with <c>lower_order_final</c>, at
/// the end of the full schedule.
/// </summary>
internal sealed class UniPcMultistepScheduler : IScheduler
{
    private const int MaxOrder = 3;

    private readonly float[] _timesteps;
    private readonly float[] _sigmas;
    private readonly int _offset;
    private readonly int _fullLength;
    private readonly UniPcSettings _settings;

    // Data predictions, newest at _history[_newest]; their schedule indices alongside.
    private readonly float[][] _history = new float[MaxOrder][];
    private readonly int[] _historyIndex = new int[MaxOrder];
    private int _newest = MaxOrder - 1;
    private int _historyCount;
    private float[] _lastSample = [];
    private bool _hasLastSample;
    private float[] _x0 = [];
    private float[] _result = [];
    private float[] _tmp = [];
    private float[] _weighted = [];
    private int _thisOrder;
    private int _lowerOrderCount;

    public UniPcMultistepScheduler(float[] timesteps, float[] sigmas, int offset, UniPcSettings settings)
    {
        _timesteps = timesteps;
        _sigmas = sigmas;
        _offset = offset;
        _fullLength = sigmas.Length - 1;
        _settings = settings;
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

        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        var index = _offset + stepIndex;
        var length = sample.Length;
        EnsureBuffers(length);
        var x0 = _x0.AsSpan(0, length);
        PredictOriginal(modelOutput, sample, _sigmas[index], x0);

        if (index > 0 && _hasLastSample)
        {
            Correct(x0, index, sample);
        }

        // Shift the history and remember the new prediction.
        _newest = (_newest + 1) % MaxOrder;
        x0.CopyTo(_history[_newest]);
        _historyIndex[_newest] = index;
        _historyCount = Math.Min(_historyCount + 1, MaxOrder);

        var order = _settings.LowerOrderFinal ? Math.Min(_settings.SolverOrder, _fullLength - index) : _settings.SolverOrder;
        _thisOrder = Math.Min(order, _lowerOrderCount + 1);
        sample.CopyTo(_lastSample);
        _hasLastSample = true;
        Predict(index, sample);
        if (_lowerOrderCount < _settings.SolverOrder)
        {
            _lowerOrderCount++;
        }
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        EnsureBuffers(sample.Length);
        var (alpha, sigma) = AlphaSigma(_sigmas[_offset + stepIndex]);
        var tmp = _tmp.AsSpan(0, sample.Length);
        TensorPrimitives.Multiply(sample, alpha, sample);
        TensorPrimitives.Multiply(noise, sigma, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    /// <summary>UniP: the next sample from the current one and the newest <c>_thisOrder</c> predictions.</summary>
    private void Predict(int index, Span<float> sample)
    {
        var order = _thisOrder;
        var length = sample.Length;
        var (alphaT, sigmaT) = AlphaSigma(_sigmas[index + 1]);
        var (_, sigmaS0) = AlphaSigma(_sigmas[index]);
        var lambdaS0 = Lambda(_sigmas[index]);
        var h = Lambda(_sigmas[index + 1]) - lambdaS0;
        Span<float> rks = stackalloc float[MaxOrder];
        Span<float> b = stackalloc float[MaxOrder];
        for (var k = 1; k < order; k++)
        {
            rks[k - 1] = (Lambda(_sigmas[index - k]) - lambdaS0) / h;
        }

        rks[order - 1] = 1f;
        var (hPhi1, bH) = Coefficients(h, rks[..order], b[..order], out var matrix);

        // x_t = (sigma_t / sigma_s0) x - alpha_t h_phi_1 m0 - alpha_t B_h sum_k rho_k D1_k
        var m0 = History(1);
        var result = _result.AsSpan(0, length);
        var tmp = _tmp.AsSpan(0, length);
        TensorPrimitives.Multiply(sample, sigmaT / sigmaS0, result);
        TensorPrimitives.Multiply(m0, alphaT * hPhi1, tmp);
        TensorPrimitives.Subtract(result, tmp, result);
        if (order > 1)
        {
            Span<float> rhos = stackalloc float[MaxOrder];
            if (order == 2)
            {
                rhos[0] = 0.5f;
            }
            else
            {
                // The leading (order-1)×(order-1) block of R and b.
                Span<float> a = stackalloc float[(order - 1) * (order - 1)];
                for (var r = 0; r < order - 1; r++)
                {
                    for (var c = 0; c < order - 1; c++)
                    {
                        a[(r * (order - 1)) + c] = matrix[(r * order) + c];
                    }

                    rhos[r] = b[r];
                }

                SmallLinearSolver.Solve(a, rhos[..(order - 1)]);
            }

            var weighted = WeightedDifferences(rhos[..(order - 1)], rks, m0, length);
            TensorPrimitives.Multiply(weighted, alphaT * bH, tmp);
            TensorPrimitives.Subtract(result, tmp, result);
        }

        result.CopyTo(sample);
    }

    /// <summary>UniC: corrects the sample just reached with its own data prediction <paramref name="modelT"/>.</summary>
    private void Correct(ReadOnlySpan<float> modelT, int index, Span<float> sample)
    {
        var order = _thisOrder;
        var length = sample.Length;
        var (alphaT, sigmaT) = AlphaSigma(_sigmas[index]);
        var (_, sigmaS0) = AlphaSigma(_sigmas[index - 1]);
        var lambdaS0 = Lambda(_sigmas[index - 1]);
        var h = Lambda(_sigmas[index]) - lambdaS0;
        Span<float> rks = stackalloc float[MaxOrder];
        Span<float> rhos = stackalloc float[MaxOrder];
        for (var k = 1; k < order; k++)
        {
            rks[k - 1] = (Lambda(_sigmas[index - (k + 1)]) - lambdaS0) / h;
        }

        rks[order - 1] = 1f;
        var (hPhi1, bH) = Coefficients(h, rks[..order], rhos[..order], out var matrix);
        if (order == 1)
        {
            rhos[0] = 0.5f;
        }
        else
        {
            SmallLinearSolver.Solve(matrix, rhos[..order]);
        }

        // x_t = (sigma_t / sigma_s0) x_last - alpha_t h_phi_1 m0 - alpha_t B_h (sum_k rho_k D1_k + rho_last (m_t - m0))
        var m0 = History(1);
        var result = _result.AsSpan(0, length);
        var tmp = _tmp.AsSpan(0, length);
        TensorPrimitives.Multiply(_lastSample.AsSpan(0, length), sigmaT / sigmaS0, result);
        TensorPrimitives.Multiply(m0, alphaT * hPhi1, tmp);
        TensorPrimitives.Subtract(result, tmp, result);
        TensorPrimitives.Subtract(modelT, m0, tmp);
        TensorPrimitives.Multiply(tmp, rhos[order - 1], tmp);
        if (order > 1)
        {
            var weighted = WeightedDifferences(rhos[..(order - 1)], rks, m0, length);
            TensorPrimitives.Add(weighted, tmp, tmp);
        }

        TensorPrimitives.Multiply(tmp, alphaT * bH, tmp);
        TensorPrimitives.Subtract(result, tmp, sample);
    }

    /// <summary>
    /// h_phi_1 = expm1(-h), B(h), the rows R_i = rks^(i-1) (row-major, order×order) and
    /// b_i = h_phi_i · i! / B(h), in diffusers' float32 recurrences.
    /// </summary>
    private (float HPhi1, float BH) Coefficients(float h, ReadOnlySpan<float> rks, Span<float> b, out Span<float> matrix)
    {
        var order = rks.Length;
        matrix = _matrix.AsSpan(0, order * order);
        var hh = -h;
        var hPhi1 = ExpM1(hh);
        var hPhiK = (hPhi1 / hh) - 1f;
        var bH = _settings.Bh1 ? hh : ExpM1(hh);
        var factorial = 1;
        for (var i = 1; i <= order; i++)
        {
            for (var c = 0; c < order; c++)
            {
                matrix[((i - 1) * order) + c] = MathF.Pow(rks[c], i - 1);
            }

            b[i - 1] = hPhiK * factorial / bH;
            factorial *= i + 1;
            hPhiK = (hPhiK / hh) - (float)(1.0 / factorial);
        }

        return (hPhi1, bH);
    }

    /// <summary>sum_k rho_k (m_k - m0) / r_k over the older predictions, into a scratch buffer.</summary>
    private Span<float> WeightedDifferences(ReadOnlySpan<float> rhos, ReadOnlySpan<float> rks, ReadOnlySpan<float> m0, int length)
    {
        var weighted = _weighted.AsSpan(0, length);
        for (var k = 0; k < rhos.Length; k++)
        {
            // D1_k = (m_{k+1} - m0) / r_k, m_{k+1} the (k+2)-th newest prediction.
            var older = History(k + 2);
            if (k == 0)
            {
                TensorPrimitives.Subtract(older, m0, weighted);
                TensorPrimitives.Divide(weighted, rks[k], weighted);
                TensorPrimitives.Multiply(weighted, rhos[k], weighted);
            }
            else
            {
                var scratch = _dScratch.AsSpan(0, length);
                TensorPrimitives.Subtract(older, m0, scratch);
                TensorPrimitives.Divide(scratch, rks[k], scratch);
                TensorPrimitives.Multiply(scratch, rhos[k], scratch);
                TensorPrimitives.Add(weighted, scratch, weighted);
            }
        }

        return weighted;
    }

    private float[] _dScratch = [];
    private readonly float[] _matrix = new float[MaxOrder * MaxOrder];

    /// <summary>The k-th newest stored prediction (1 = newest).</summary>
    private ReadOnlySpan<float> History(int k) => _history[((_newest - (k - 1)) % MaxOrder + MaxOrder) % MaxOrder];

    private static float ExpM1(float x) => (float)(Math.Exp(x) - 1.0);

    private static float Lambda(float sigma)
    {
        var (alpha, sigmaT) = AlphaSigma(sigma);
        return MathF.Log(alpha) - MathF.Log(sigmaT);
    }

    private static (float Alpha, float Sigma) AlphaSigma(float sigma)
    {
        var alpha = 1f / MathF.Sqrt((sigma * sigma) + 1f);
        return (alpha, sigma * alpha);
    }

    private void PredictOriginal(ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, float sigma, Span<float> x0)
    {
        var (alpha, sigmaT) = AlphaSigma(sigma);
        var tmp = _tmp.AsSpan(0, x0.Length);
        switch (_settings.PredictionType)
        {
            case "epsilon":
                TensorPrimitives.Multiply(modelOutput, sigmaT, tmp);
                TensorPrimitives.Subtract(sample, tmp, x0);
                TensorPrimitives.Divide(x0, alpha, x0);
                break;
            case "v_prediction":
                TensorPrimitives.Multiply(sample, alpha, x0);
                TensorPrimitives.Multiply(modelOutput, sigmaT, tmp);
                TensorPrimitives.Subtract(x0, tmp, x0);
                break;
            default:
                modelOutput.CopyTo(x0);
                break;
        }

        if (_settings.Thresholding)
        {
            DynamicThresholding.Apply(x0, tmp, _settings.DynamicThresholdingRatio, _settings.SampleMaxValue);
        }
    }

    private void EnsureBuffers(int length)
    {
        if (_tmp.Length < length)
        {
            for (var i = 0; i < MaxOrder; i++)
            {
                _history[i] = new float[length];
            }

            _lastSample = new float[length];
            _x0 = new float[length];
            _result = new float[length];
            _tmp = new float[length];
            _weighted = new float[length];
            _dScratch = new float[length];
        }
    }
}
