namespace AssetForge.Schedulers.Lms;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// Linear multistep sampling (k-diffusion's <c>sample_lms</c>), matching diffusers'
/// <c>LMSDiscreteScheduler</c> with order 4: each step integrates the Lagrange polynomial
/// through the last derivatives over [sigma, sigma_next]. As in diffusers, the polynomial is
/// evaluated in float32 and integrated with QUADPACK's qk21 rule, the order is
/// <c>min(index + 1, 4)</c> counted from the start of the full schedule (so an img2img run
/// starting part-way uses only the first coefficients of a higher-order polynomial until it
/// has history), and the history keeps the last four derivatives.
/// </summary>
internal sealed class LmsDiscreteScheduler : IScheduler
{
    private const int MaxOrder = 4;

    private readonly float[] _timesteps;
    private readonly float[] _sigmas;
    private readonly int _offset;
    private readonly string _predictionType;
    private readonly float[][] _derivatives = new float[MaxOrder][];
    private float[] _tmp = [];
    private int _count;
    private int _newest = -1;

    /// <param name="timesteps">The timesteps this image runs.</param>
    /// <param name="sigmas">The full schedule's sigmas, one more than its timesteps.</param>
    /// <param name="offset">Index in <paramref name="sigmas"/> of the first timestep run.</param>
    /// <param name="initNoiseSigma">The full schedule's initial noise sigma.</param>
    /// <param name="predictionType">epsilon, v_prediction or sample.</param>
    public LmsDiscreteScheduler(float[] timesteps, float[] sigmas, int offset, float initNoiseSigma, string predictionType)
    {
        _timesteps = timesteps;
        _sigmas = sigmas;
        _offset = offset;
        InitNoiseSigma = initNoiseSigma;
        _predictionType = predictionType;
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma { get; }

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        var sigma = _sigmas[Index(stepIndex)];
        TensorPrimitives.Divide(sample, MathF.Sqrt((sigma * sigma) + 1f), sample);
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var index = Index(stepIndex);
        var sigma = _sigmas[index];
        if (_tmp.Length < sample.Length)
        {
            _tmp = new float[sample.Length];
        }

        if (_derivatives[0] is null || _derivatives[0].Length < sample.Length)
        {
            for (var i = 0; i < MaxOrder; i++)
            {
                _derivatives[i] = new float[sample.Length];
            }
        }

        // The history is a ring; the new derivative replaces the oldest.
        _newest = (_newest + 1) % MaxOrder;
        _count = Math.Min(_count + 1, MaxOrder);
        var derivative = _derivatives[_newest].AsSpan(0, sample.Length);
        var tmp = _tmp.AsSpan(0, sample.Length);

        // derivative = (x - x0) / sigma
        switch (_predictionType)
        {
            case "epsilon":
                TensorPrimitives.Multiply(modelOutput, sigma, tmp);
                TensorPrimitives.Subtract(sample, tmp, tmp);
                break;
            case "v_prediction":
                TensorPrimitives.Multiply(modelOutput, -sigma / MathF.Sqrt((sigma * sigma) + 1f), tmp);
                TensorPrimitives.Divide(sample, (sigma * sigma) + 1f, derivative);
                TensorPrimitives.Add(tmp, derivative, tmp);
                break;
            default:
                modelOutput.CopyTo(tmp);
                break;
        }

        TensorPrimitives.Subtract(sample, tmp, derivative);
        TensorPrimitives.Divide(derivative, sigma, derivative);

        // x += sum_k coeff_k * d_(newest - k), summed in float32 from the newest derivative on.
        var order = Math.Min(index + 1, MaxOrder);
        var terms = Math.Min(order, _count);
        for (var k = 0; k < terms; k++)
        {
            var coefficient = (float)Coefficient(order, index, k);
            var d = _derivatives[(_newest - k + MaxOrder) % MaxOrder].AsSpan(0, sample.Length);
            if (k == 0)
            {
                TensorPrimitives.Multiply(d, coefficient, tmp);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(d, coefficient, tmp, tmp);
            }
        }

        TensorPrimitives.Add(sample, tmp, sample);
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        if (_tmp.Length < sample.Length)
        {
            _tmp = new float[sample.Length];
        }

        var tmp = _tmp.AsSpan(0, sample.Length);
        TensorPrimitives.Multiply(noise, _sigmas[Index(stepIndex)], tmp);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    private double Coefficient(int order, int index, int current) =>
        GaussKronrod21.Integrate(new LagrangeBasis(_sigmas, order, index, current), _sigmas[index], _sigmas[index + 1]);

    private int Index(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        return _offset + stepIndex;
    }

    /// <summary>
    /// The Lagrange basis polynomial of node <c>sigma[index - current]</c> over the nodes
    /// <c>sigma[index - k]</c>, k &lt; order, evaluated in float32 as diffusers' torch code does.
    /// </summary>
    private readonly struct LagrangeBasis(float[] sigmas, int order, int index, int current) : GaussKronrod21.IIntegrand
    {
        public double Evaluate(double x)
        {
            var tau = (float)x;
            var product = 1f;
            for (var k = 0; k < order; k++)
            {
                if (k != current)
                {
                    product *= (tau - sigmas[index - k]) / (sigmas[index - current] - sigmas[index - k]);
                }
            }

            return product;
        }
    }
}
