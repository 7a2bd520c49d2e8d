namespace AssetForge.Abstractions.PostProcessing;

/// <summary>
/// A post step that writes named extra outputs beside the asset's main image, e.g.
/// <c>normal_map</c> writing <c>ground_n.png</c> next to <c>ground.png</c>. The host makes each
/// extra a target of its own (id <c>&lt;asset&gt;:&lt;name&gt;</c>, file
/// <c>&lt;stem&gt;&lt;suffix&gt;.&lt;ext&gt;</c> beside the main output) and caches the main
/// image and every extra together under the stage's one key, so an edit of the step re-runs it
/// once for all of them.
/// </summary>
/// <remarks>Added in contract 1.3. A host before 1.3 sees only <see cref="IPostStep"/> and calls
/// <see cref="IPostStep.Apply"/>, which must then return the main image.</remarks>
public interface IExtraOutputPostStep : IPostStep
{
    /// <summary>
    /// The extra outputs these (validated) parameters produce, in a fixed order; empty when the
    /// parameters ask for none. Names are lower-case identifiers unique within the step and not
    /// <c>image</c>; suffixes are file-name safe and not empty.
    /// </summary>
    IReadOnlyList<PostStepExtraOutput> ExtraOutputs(PostStepParameters parameters);

    /// <summary>
    /// Whether, for these parameters, the main image leaves the step unchanged (the step only adds
    /// extras). The host then keeps the chain's format as it was and stores the input bytes as the
    /// stage's image; <see cref="IPostStep.OutputFormat"/> is not asked.
    /// </summary>
    bool PassesImageThrough(PostStepParameters parameters);

    /// <summary>
    /// Applies the step, producing the main image and every extra that <see cref="ExtraOutputs"/>
    /// names. Deterministic: the same input bytes and parameters give the same output bytes.
    /// </summary>
    /// <param name="input">The previous stage's encoded image.</param>
    /// <param name="parameters">Parameters returned by <see cref="IPostStep.Validate"/>.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>The main image (the input itself when <see cref="PassesImageThrough"/>) and the extras by name, each encoded in its declared format.</returns>
    PostStepResult ApplyWithExtras(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken);
}
