namespace AssetForge.Schedulers.DpmSolverSde;

using System.Numerics.Tensors;
using AssetForge.Abstractions.Randomness;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// DPM-Solver++(2S) with SDE noise from a Brownian tree, matching diffusers'
/// <c>DPMSolverSDEScheduler</c> (k-diffusion's <c>sample_dpmpp_sde</c>). Each step evaluates the
/// model twice: at sigma, then at the midpoint sigma reached by an ancestral step from it, after
/// which the step is redone from the saved sample with the midpoint's prediction. The last step
/// (to sigma 0) is a plain Euler step. Scalars are float32 as in diffusers, with torch's own
/// float32 exp and log (<see cref="TorchFloat32Math"/>).
/// </summary>
/// <remarks>
/// Noise: the Brownian tree's entropy is drawn from the image's <see cref="INoiseSource"/> at the
/// first step, as one 2-element standard-normal draw whose two float32 bit patterns (first one
/// low) masked to 63 bits form the entropy (diffusers' <c>noise_sampler_seed</c>). So the same
/// spec gives the same image, and diffusers gives the same result with
/// <c>noise_sampler_seed</c> set to that entropy.
/// </remarks>
internal sealed class DpmSolverSdeScheduler : IScheduler
{
    private const double BrownianTolerance = 1e-6;
    private const int BrownianPoolSize = 24;

    private readonly float[] _timesteps;
    private readonly float[] _sigmas;
    private readonly int _offset;
    private readonly bool _vPrediction;
    private BrownianInterval? _brownian;
    private float[] _x0 = [];
    private float[] _saved = [];
    private float[] _tmp = [];
    private bool _secondOrder;
    private float _midpointSigma;

    /// <param name="timesteps">The interleaved timesteps this image runs.</param>
    /// <param name="sigmas">The full interleaved schedule's sigmas.</param>
    /// <param name="offset">Index in <paramref name="sigmas"/> of the first evaluation run (even).</param>
    /// <param name="initNoiseSigma">The full schedule's initial noise sigma.</param>
    /// <param name="vPrediction">Whether the model predicts v (else epsilon).</param>
    public DpmSolverSdeScheduler(float[] timesteps, float[] sigmas, int offset, float initNoiseSigma, bool vPrediction)
    {
        _timesteps = timesteps;
        _sigmas = sigmas;
        _offset = offset;
        InitNoiseSigma = initNoiseSigma;
        _vPrediction = vPrediction;
    }

    public ReadOnlySpan<float> Timesteps => _timesteps;

    public float InitNoiseSigma { get; }

    public void ScaleModelInput(Span<float> sample, int stepIndex)
    {
        var sigma = _secondOrder ? _midpointSigma : _sigmas[Index(stepIndex)];
        TensorPrimitives.Divide(sample, MathF.Sqrt((sigma * sigma) + 1f), sample);
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException("The model output and the sample differ in size.", nameof(modelOutput));
        }

        var index = Index(stepIndex);
        EnsureBuffers(sample.Length);
        _brownian ??= CreateBrownianInterval(sample.Length, noise);
        var x0 = _x0.AsSpan(0, sample.Length);
        var saved = _saved.AsSpan(0, sample.Length);
        var tmp = _tmp.AsSpan(0, sample.Length);

        var firstOrder = !_secondOrder;
        var sigma = firstOrder ? _sigmas[index] : _sigmas[index - 1];
        var sigmaNext = firstOrder ? _sigmas[index + 1] : _sigmas[index];
        var t = -TorchFloat32Math.Log(sigma);
        var tNext = -TorchFloat32Math.Log(sigmaNext);
        var tProposed = t + ((tNext - t) * 0.5f);
        var sigmaInput = firstOrder ? sigma : TorchFloat32Math.Exp(-tProposed);
        PredictOriginal(modelOutput, sample, sigmaInput, x0, tmp);

        if (sigmaNext == 0f)
        {
            // Euler: x + (x - x0) / sigma * (sigma_next - sigma)
            TensorPrimitives.Subtract(sample, x0, tmp);
            TensorPrimitives.Divide(tmp, sigma, tmp);
            TensorPrimitives.Multiply(tmp, sigmaNext - sigma, tmp);
            TensorPrimitives.Add(sample, tmp, sample);
            return;
        }

        if (firstOrder)
        {
            tNext = tProposed;
            sample.CopyTo(saved);
        }

        // From here on the step starts from the saved sample (in the first half, the input).
        var sigmaFrom = TorchFloat32Math.Exp(-t);
        var sigmaTo = TorchFloat32Math.Exp(-tNext);
        var fromSquared = sigmaFrom * sigmaFrom;
        var toSquared = sigmaTo * sigmaTo;
        var sigmaUpCandidate = MathF.Sqrt(toSquared * (fromSquared - toSquared) / fromSquared);
        var sigmaUp = sigmaUpCandidate < sigmaTo ? sigmaUpCandidate : sigmaTo;
        var sigmaDown = MathF.Sqrt(toSquared - (sigmaUp * sigmaUp));
        var ancestralT = -TorchFloat32Math.Log(sigmaDown);
        var sampleScale = TorchFloat32Math.Exp(-ancestralT) / sigmaFrom;
        var x0Scale = Expm1(t - ancestralT);

        TensorPrimitives.Multiply(saved, sampleScale, sample);
        TensorPrimitives.Multiply(x0, x0Scale, tmp);
        TensorPrimitives.Subtract(sample, tmp, sample);

        // diffusers: tree(sigma_to, sigma_from) * -1 / sqrt(|sigma_to - sigma_from|) * s_noise * sigma_up.
        _brownian.Increment(sigmaTo, sigmaFrom, tmp);
        TensorPrimitives.Negate(tmp, tmp);
        TensorPrimitives.Divide(tmp, MathF.Sqrt(MathF.Abs(sigmaTo - sigmaFrom)), tmp);
        TensorPrimitives.Multiply(tmp, sigmaUp, tmp);
        TensorPrimitives.Add(sample, tmp, sample);

        _secondOrder = firstOrder;
        _midpointSigma = firstOrder ? sigmaTo : 0f;
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex)
    {
        EnsureBuffers(sample.Length);
        var tmp = _tmp.AsSpan(0, sample.Length);
        TensorPrimitives.Multiply(noise, _sigmas[Index(stepIndex)], tmp);
        TensorPrimitives.Add(sample, tmp, sample);
    }

    private BrownianInterval CreateBrownianInterval(int size, INoiseSource noise)
    {
        Span<float> draw = stackalloc float[2];
        noise.NextStandardNormal(draw);
        var entropy = (BitConverter.SingleToUInt32Bits(draw[0]) | ((ulong)BitConverter.SingleToUInt32Bits(draw[1]) << 32)) & long.MaxValue;

        // The tree spans the full schedule's smallest non-zero sigma to its largest.
        var min = float.MaxValue;
        var max = 0f;
        foreach (var sigma in _sigmas)
        {
            if (sigma > 0f)
            {
                min = Math.Min(min, sigma);
            }

            max = Math.Max(max, sigma);
        }

        return new BrownianInterval(min, max, size, entropy, BrownianTolerance, BrownianPoolSize);
    }

    private void PredictOriginal(ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, float sigma, Span<float> x0, Span<float> tmp)
    {
        if (_vPrediction)
        {
            var variance = (sigma * sigma) + 1f;
            TensorPrimitives.Multiply(modelOutput, -sigma / MathF.Sqrt(variance), x0);
            TensorPrimitives.Divide(sample, variance, tmp);
            TensorPrimitives.Add(x0, tmp, x0);
        }
        else
        {
            TensorPrimitives.Multiply(modelOutput, sigma, x0);
            TensorPrimitives.Subtract(sample, x0, x0);
        }
    }

    // expm1 in double (Kahan's exp(x) - 1 correction), rounded to float: torch's float32 expm1
    // can differ in the last bit, which only scales the prediction's weight by 6e-8.
    private static float Expm1(float x)
    {
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        return um1 == -1.0 ? -1f : (float)(um1 * x / Math.Log(u));
    }

    private int Index(int stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, _timesteps.Length);
        return _offset + stepIndex;
    }

    private void EnsureBuffers(int length)
    {
        if (_x0.Length < length)
        {
            _x0 = new float[length];
            _saved = new float[length];
            _tmp = new float[length];
        }
    }
}
