namespace AssetForge.Schedulers.Pndm;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// Pseudo numerical methods for diffusion models (Liu et al. 2022), matching diffusers'
/// <c>PNDMScheduler</c>: linear multistep (PLMS) on the model outputs, started either by
/// Runge-Kutta steps (PRK, four evaluations per step for the first three steps) or, with
/// <c>skip_prk_steps</c> as Stable Diffusion ships it, by diffusers' two-evaluation start (the
/// second timestep appears twice: an Euler-like step, then its correction from the same sample).
/// Like diffusers, the state machine counts calls, not timesteps.
/// </summary>
internal sealed class PndmScheduler : IScheduler
{
    private readonly float[] _timesteps;
    private readonly int[] _prkTimesteps;
    private readonly float[] _alphasCumprod;
    private readonly float _finalAlphaCumprod;
    private readonly int _stepRatio;
    private readonly bool _skipPrk;
    private readonly bool _vPrediction;

    // The last four model outputs (ring, newest at _ets[(_etsCount - 1) % 4]).
    private readonly float[][] _ets = new float[4][];
    private int _etsCount;
    private int _newest = 3;
    private float[] _vScratch = [];
    private float[] _currentSample = [];
    private float[] _runningOutput = [];
    private float[] _combined = [];
    private float[] _tmp = [];
    private int _counter;

    public PndmScheduler(float[] timesteps, int[] prkTimesteps, float[] alphasCumprod, float finalAlphaCumprod, int stepRatio, bool skipPrk, bool vPrediction)
    {
        _timesteps = timesteps;
        _prkTimesteps = prkTimesteps;
        _alphasCumprod = alphasCumprod;
        _finalAlphaCumprod = finalAlphaCumprod;
        _stepRatio = stepRatio;
        _skipPrk = skipPrk;
        _vPrediction = vPrediction;
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma => 1f;

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        // PNDM's model input is the sample itself.
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        EnsureBuffers(sample.Length);
        var timestep = (int)_timesteps[stepIndex];
        if (!_skipPrk && _counter < _prkTimesteps.Length)
        {
            StepRungeKutta(modelOutput, timestep, sample);
        }
        else
        {
            StepLinearMultistep(modelOutput, timestep, sample);
        }

        _counter++;
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        EnsureBuffers(sample.Length);
        var alphaProd = AlphaCumprod((int)_timesteps[stepIndex]);
        var tmp = _tmp.AsSpan(0, sample.Length);
        TensorPrimitives.Multiply(noise, MathF.Sqrt(1f - alphaProd), tmp);
        TensorPrimitives.Multiply(sample, MathF.Sqrt(alphaProd), sample);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    private void StepRungeKutta(ReadOnlySpan<float> modelOutput, int timestep, Span<float> sample)
    {
        var length = sample.Length;
        var running = _runningOutput.AsSpan(0, length);
        var combined = _combined.AsSpan(0, length);
        var tmp = _tmp.AsSpan(0, length);
        var previousTimestep = timestep - (_counter % 2 == 1 ? 0 : _stepRatio / 2);
        var baseTimestep = _prkTimesteps[_counter / 4 * 4];
        ReadOnlySpan<float> output;
        switch (_counter % 4)
        {
            case 0:
                // Weights 1/6, 1/3, 1/3, 1/6 of the classic RK4 (the running sum starts at 0).
                TensorPrimitives.Multiply(modelOutput, 1f / 6f, running);
                PushOutput(modelOutput);
                sample.CopyTo(_currentSample);
                output = modelOutput;
                break;
            case 1:
            case 2:
                TensorPrimitives.Multiply(modelOutput, 1f / 3f, tmp);
                TensorPrimitives.Add(running, tmp, running);
                output = modelOutput;
                break;
            default:
                TensorPrimitives.Multiply(modelOutput, 1f / 6f, tmp);
                TensorPrimitives.Add(running, tmp, combined);
                output = combined;
                break;
        }

        PreviousSample(_currentSample.AsSpan(0, length), baseTimestep, previousTimestep, output, sample);
    }

    private void StepLinearMultistep(ReadOnlySpan<float> modelOutput, int timestep, Span<float> sample)
    {
        var length = sample.Length;
        var combined = _combined.AsSpan(0, length);
        var tmp = _tmp.AsSpan(0, length);
        var previousTimestep = timestep - _stepRatio;
        if (_counter != 1)
        {
            PushOutput(modelOutput);
        }
        else
        {
            // diffusers' skip-PRK start: the second call redoes the first step from its sample.
            previousTimestep = timestep;
            timestep += _stepRatio;
        }

        ReadOnlySpan<float> output;
        ReadOnlySpan<float> from = sample;
        if (_etsCount == 1 && _counter == 0)
        {
            output = modelOutput;
            sample.CopyTo(_currentSample);
        }
        else if (_etsCount == 1 && _counter == 1)
        {
            TensorPrimitives.Add(modelOutput, Ets(1), combined);
            TensorPrimitives.Divide(combined, 2f, combined);
            output = combined;
            from = _currentSample.AsSpan(0, length);
        }
        else if (_etsCount == 2)
        {
            // (3 e1 - e2) / 2
            TensorPrimitives.Multiply(Ets(1), 3f, combined);
            TensorPrimitives.Subtract(combined, Ets(2), combined);
            TensorPrimitives.Divide(combined, 2f, combined);
            output = combined;
        }
        else if (_etsCount == 3)
        {
            // (23 e1 - 16 e2 + 5 e3) / 12
            TensorPrimitives.Multiply(Ets(1), 23f, combined);
            TensorPrimitives.Multiply(Ets(2), 16f, tmp);
            TensorPrimitives.Subtract(combined, tmp, combined);
            TensorPrimitives.Multiply(Ets(3), 5f, tmp);
            TensorPrimitives.Add(combined, tmp, combined);
            TensorPrimitives.Divide(combined, 12f, combined);
            output = combined;
        }
        else
        {
            // (55 e1 - 59 e2 + 37 e3 - 9 e4) / 24, with 1/24 as a float factor as diffusers writes it
            TensorPrimitives.Multiply(Ets(1), 55f, combined);
            TensorPrimitives.Multiply(Ets(2), 59f, tmp);
            TensorPrimitives.Subtract(combined, tmp, combined);
            TensorPrimitives.Multiply(Ets(3), 37f, tmp);
            TensorPrimitives.Add(combined, tmp, combined);
            TensorPrimitives.Multiply(Ets(4), 9f, tmp);
            TensorPrimitives.Subtract(combined, tmp, combined);
            TensorPrimitives.Multiply(combined, (float)(1.0 / 24), combined);
            output = combined;
        }

        PreviousSample(from, timestep, previousTimestep, output, sample);
    }

    /// <summary>PNDM's transfer (Liu et al. eq. 9) from x_t to x_{t-delta} given a noise estimate.</summary>
    private void PreviousSample(ReadOnlySpan<float> from, int timestep, int previousTimestep, ReadOnlySpan<float> modelOutput, Span<float> destination)
    {
        var length = destination.Length;
        var tmp = _tmp.AsSpan(0, length);
        var alphaProd = AlphaCumprod(timestep);
        var alphaProdPrev = previousTimestep >= 0 ? AlphaCumprod(previousTimestep) : _finalAlphaCumprod;
        var betaProd = 1f - alphaProd;
        var betaProdPrev = 1f - alphaProdPrev;
        if (_vPrediction)
        {
            // eps = sqrt(a) v + sqrt(1 - a) x
            var scaled = _vScratch.AsSpan(0, length);
            TensorPrimitives.Multiply(modelOutput, MathF.Sqrt(alphaProd), tmp);
            TensorPrimitives.Multiply(from, MathF.Sqrt(betaProd), scaled);
            TensorPrimitives.Add(tmp, scaled, tmp);
        }
        else
        {
            modelOutput.CopyTo(tmp);
        }

        var sampleCoefficient = MathF.Sqrt(alphaProdPrev / alphaProd);
        var denominator = (alphaProd * MathF.Sqrt(betaProdPrev)) + MathF.Sqrt(alphaProd * betaProd * alphaProdPrev);

        // x_prev = c x - (a_prev - a) eps / denominator
        TensorPrimitives.Multiply(tmp, alphaProdPrev - alphaProd, tmp);
        TensorPrimitives.Divide(tmp, denominator, tmp);
        TensorPrimitives.Multiply(from, sampleCoefficient, destination);
        TensorPrimitives.Subtract(destination, tmp, destination);
    }

    // Trailing spacing can reach timestep -1, which diffusers' indexing wraps around as Python does.
    private float AlphaCumprod(int timestep) =>
        _alphasCumprod[timestep < 0 ? timestep + _alphasCumprod.Length : timestep];

    private void PushOutput(ReadOnlySpan<float> modelOutput)
    {
        _newest = (_newest + 1) % 4;
        modelOutput.CopyTo(_ets[_newest]);
        _etsCount = Math.Min(_etsCount + 1, 4);
    }

    /// <summary>The k-th newest stored output (1 = newest).</summary>
    private ReadOnlySpan<float> Ets(int k) => _ets[(_newest - (k - 1) + 4) % 4];

    private void EnsureBuffers(int length)
    {
        if (_tmp.Length < length)
        {
            _currentSample = new float[length];
            _runningOutput = new float[length];
            _combined = new float[length];
            _tmp = new float[length];
            _vScratch = new float[length];
            for (var i = 0; i < _ets.Length; i++)
            {
                _ets[i] = new float[length];
            }
        }
    }
}
