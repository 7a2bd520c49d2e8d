namespace AssetForge.Schedulers.DpmSolver;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.DpmSolverSde;

/// <summary>
/// DPM-Solver++(2M) (Lu et al. 2022), matching diffusers' <c>DPMSolverMultistepScheduler</c> with
/// <c>algorithm_type: dpmsolver++</c> and <c>solver_order: 2</c>: the model output is turned into
/// a data prediction, and each step is exact in the exponential integrator with the previous
/// prediction as a second-order correction. Scalars (alpha, sigma, lambda, h) are float32 as
/// diffusers' 0-d tensors are, with torch's own float32 log and exp (<see cref="TorchFloat32Math"/>;
/// since 1.1.0, which made every parity case bit-identical); the schedule-dependent choice of a first-order step (first step,
/// last step, and the second-to-last on short schedules) follows diffusers, counted on the full
/// schedule.
/// </summary>
internal sealed class DpmSolverMultistepScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly float[] _sigmas;
    private readonly int _offset;
    private readonly int _fullLength;
    private readonly DpmSolverSettings _settings;
    private float[] _current = [];
    private float[] _previous = [];
    private float[] _tmp = [];
    private float[] _noise = [];
    private int _lowerOrderCount;

    /// <param name="timesteps">The timesteps this image runs.</param>
    /// <param name="sigmas">The full schedule's sigmas, one more than its timesteps.</param>
    /// <param name="offset">Index in <paramref name="sigmas"/> of the first timestep run.</param>
    /// <param name="settings">The step options.</param>
    public DpmSolverMultistepScheduler(float[] timesteps, float[] sigmas, int offset, DpmSolverSettings settings)
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

        var index = Index(stepIndex);
        var length = sample.Length;
        if (_tmp.Length < length)
        {
            _current = new float[length];
            _previous = new float[length];
            _tmp = new float[length];
            _noise = new float[length];
        }

        var shortSchedule = _settings.LowerOrderFinal && _fullLength < 15;
        var lowerOrderFinal = index == _fullLength - 1 && (_settings.EulerAtFinal || shortSchedule || _settings.FinalSigmaIsZero);

        // The newest data prediction goes into _current; the one before is kept in _previous.
        (_previous, _current) = (_current, _previous);
        var x0 = _current.AsSpan(0, length);
        var tmp = _tmp.AsSpan(0, length);
        PredictOriginal(_settings.PredictionType, modelOutput, sample, _sigmas[index], x0, tmp);

        var (alphaT, sigmaT) = AlphaSigma(_sigmas[index + 1]);
        var (alphaS0, sigmaS0) = AlphaSigma(_sigmas[index]);
        var lambdaT = TorchFloat32Math.Log(alphaT) - TorchFloat32Math.Log(sigmaT);
        var lambdaS0 = TorchFloat32Math.Log(alphaS0) - TorchFloat32Math.Log(sigmaS0);
        var h = lambdaT - lambdaS0;

        // diffusers' "lower order second" only demotes third-order steps, which this class does not take.
        var secondOrder = _settings.SolverOrder == 2 && _lowerOrderCount >= 1 && !lowerOrderFinal;
        float r0 = 0;
        if (secondOrder)
        {
            var (alphaS1, sigmaS1) = AlphaSigma(_sigmas[index - 1]);
            var lambdaS1 = TorchFloat32Math.Log(alphaS1) - TorchFloat32Math.Log(sigmaS1);
            r0 = (lambdaS0 - lambdaS1) / h;
        }

        if (_settings.Stochastic)
        {
            StepStochastic(sample, x0, tmp, length, alphaT, sigmaT, sigmaS0, h, secondOrder, r0, noise);
        }
        else
        {
            StepDeterministic(sample, x0, tmp, length, alphaT, sigmaT, sigmaS0, h, secondOrder, r0);
        }

        if (_lowerOrderCount < _settings.SolverOrder)
        {
            _lowerOrderCount++;
        }
    }

    private void StepDeterministic(Span<float> sample, Span<float> x0, Span<float> tmp, int length, float alphaT, float sigmaT, float sigmaS0, float h, bool secondOrder, float r0)
    {
        var sampleScale = sigmaT / sigmaS0;
        var d0Scale = alphaT * (TorchFloat32Math.Exp(-h) - 1f);

        // x_t = (sigma_t / sigma_s0) x - alpha_t (e^-h - 1) D0 [- or + the D1 term]
        TensorPrimitives.Multiply(sample, sampleScale, sample);
        TensorPrimitives.Multiply(x0, d0Scale, tmp);
        TensorPrimitives.Subtract(sample, tmp, sample);
        if (secondOrder)
        {
            // D1 = (1 / r0) (m0 - m1)
            var previous = _previous.AsSpan(0, length);
            TensorPrimitives.Subtract(x0, previous, tmp);
            TensorPrimitives.Multiply(tmp, 1f / r0, tmp);
            if (_settings.SolverType == "heun")
            {
                TensorPrimitives.Multiply(tmp, alphaT * (((TorchFloat32Math.Exp(-h) - 1f) / h) + 1f), tmp);
                TensorPrimitives.Add(sample, tmp, sample);
            }
            else
            {
                TensorPrimitives.Multiply(tmp, 0.5f * d0Scale, tmp);
                TensorPrimitives.Subtract(sample, tmp, sample);
            }
        }
    }

    /// <summary>
    /// SDE-DPM-Solver++ (Lu et al. 2022, sec. 5): the same data-prediction integrator with the
    /// noise term of the reverse SDE; one unit-normal draw of the latent's size per step, made
    /// before the update as diffusers makes it.
    /// </summary>
    private void StepStochastic(Span<float> sample, Span<float> x0, Span<float> tmp, int length, float alphaT, float sigmaT, float sigmaS0, float h, bool secondOrder, float r0, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        var z = _noise.AsSpan(0, length);
        noise.NextStandardNormal(z);
        var decay = TorchFloat32Math.Exp(-2f * h);
        var d0Scale = alphaT * (1f - decay);

        // x_t = (sigma_t / sigma_s0) e^-h x + alpha_t (1 - e^-2h) D0 [+ D1 term] + sigma_t sqrt(1 - e^-2h) z
        TensorPrimitives.Multiply(sample, sigmaT / sigmaS0 * TorchFloat32Math.Exp(-h), sample);
        TensorPrimitives.Multiply(x0, d0Scale, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
        if (secondOrder)
        {
            var previous = _previous.AsSpan(0, length);
            TensorPrimitives.Subtract(x0, previous, tmp);
            TensorPrimitives.Multiply(tmp, 1f / r0, tmp);
            var d1Scale = _settings.SolverType == "heun"
                ? alphaT * (((1f - decay) / (-2f * h)) + 1f)
                : 0.5f * d0Scale;
            TensorPrimitives.Multiply(tmp, d1Scale, tmp);
            TensorPrimitives.Add(sample, tmp, sample);
        }

        TensorPrimitives.Multiply(z, sigmaT * MathF.Sqrt(1f - TorchFloat32Math.Exp(-2f * h)), z);
        TensorPrimitives.Add(sample, z, sample);
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        if (_tmp.Length < sample.Length)
        {
            _current = new float[sample.Length];
            _previous = new float[sample.Length];
            _tmp = new float[sample.Length];
            _noise = new float[sample.Length];
        }

        var (alpha, sigma) = AlphaSigma(_sigmas[Index(stepIndex)]);
        var tmp = _tmp.AsSpan(0, sample.Length);
        TensorPrimitives.Multiply(sample, alpha, sample);
        TensorPrimitives.Multiply(noise, sigma, tmp);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    /// <summary>The variance-preserving alpha_t and sigma_t of a variance-exploding sigma.</summary>
    internal static (float Alpha, float Sigma) AlphaSigma(float sigma)
    {
        var alpha = 1f / MathF.Sqrt((sigma * sigma) + 1f);
        return (alpha, sigma * alpha);
    }

    /// <summary>DPM-Solver++'s data prediction x0 from the model output at <paramref name="sigma"/>.</summary>
    internal static void PredictOriginal(string predictionType, ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, float sigma, Span<float> x0, Span<float> tmp)
    {
        var (alpha, sigmaT) = AlphaSigma(sigma);
        switch (predictionType)
        {
            case "epsilon":
                // (x - sigma_t eps) / alpha_t
                TensorPrimitives.Multiply(modelOutput, sigmaT, tmp);
                TensorPrimitives.Subtract(sample, tmp, x0);
                TensorPrimitives.Divide(x0, alpha, x0);
                break;
            case "v_prediction":
                // alpha_t x - sigma_t v
                TensorPrimitives.Multiply(sample, alpha, x0);
                TensorPrimitives.Multiply(modelOutput, sigmaT, tmp);
                TensorPrimitives.Subtract(x0, tmp, x0);
                break;
            default:
                modelOutput.CopyTo(x0);
                break;
        }
    }

    private int Index(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        return _offset + stepIndex;
    }
}
