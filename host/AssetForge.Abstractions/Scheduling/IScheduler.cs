namespace AssetForge.Abstractions.Scheduling;

using AssetForge.Abstractions.Randomness;

/// <summary>
/// One denoising schedule for one image, configured for a number of inference steps. It holds
/// per-image state (multistep history), so the pipeline creates one instance per image.
/// All spans cover exactly one image's latent (channels × height × width).
/// </summary>
/// <remarks>
/// The pipeline calls, for <c>i</c> in <c>0..Timesteps.Length-1</c>: <see cref="ScaleModelInput"/>
/// on a copy of the sample, the model with <c>Timesteps[i]</c>, then <see cref="Step"/>.
/// Schedulers that evaluate the model more than once per step (Heun, KDPM2) list those
/// evaluations as separate timesteps, as diffusers does.
/// </remarks>
public interface IScheduler
{
    /// <summary>The model timesteps, one per model evaluation, in order.</summary>
    ReadOnlySpan<float> Timesteps { get; }

    /// <summary>The standard deviation to multiply unit-normal initial noise by.</summary>
    float InitNoiseSigma { get; }

    /// <summary>Scales the model input in place for evaluation <paramref name="stepIndex"/>.</summary>
    void ScaleModelInput(Span<float> sample, int stepIndex);

    /// <summary>
    /// Advances <paramref name="sample"/> in place from evaluation <paramref name="stepIndex"/>,
    /// given the model's (guided) output. Stochastic schedulers draw noise from
    /// <paramref name="noise"/>, in a fixed order.
    /// </summary>
    void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, INoiseSource noise);

    /// <summary>
    /// Noises a clean sample for img2img: <paramref name="sample"/> becomes the sample at
    /// <c>Timesteps[stepIndex]</c> given <paramref name="noise"/> (unit normal).
    /// </summary>
    void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, int stepIndex);
}
