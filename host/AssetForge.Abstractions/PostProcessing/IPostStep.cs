namespace AssetForge.Abstractions.PostProcessing;

using AssetForge.Abstractions.Plugins;

/// <summary>
/// A post step (DESIGN §3 <c>post:</c>): a pure function from one encoded image to another, e.g.
/// resize, crop, pad. Each step of an asset's chain is a cached stage of its own, keyed by the
/// previous stage's key, this step's <see cref="IPluginComponent.Id"/>, <see cref="IPluginComponent.Version"/>
/// and its validated parameters; bump the version whenever a change could alter an output byte.
/// </summary>
public interface IPostStep : IPluginComponent
{
    /// <summary>
    /// The parameter the short form sets (<c>{ resize: 256x256 }</c> sets <c>size</c>); null when
    /// the step has no short form.
    /// </summary>
    string? ShorthandParameter { get; }

    /// <summary>
    /// Checks the parameters as written and returns their canonical form with every default filled
    /// in (so that writing a default explicitly does not change the key).
    /// </summary>
    /// <exception cref="PostStepParameterException">A parameter is unknown, missing or invalid.</exception>
    PostStepParameters Validate(PostStepParameters parameters);

    /// <summary>The format of what <see cref="Apply"/> returns for these (validated) parameters: <c>png</c>, <c>webp</c> or <c>jpeg</c>.</summary>
    string OutputFormat(PostStepParameters parameters);

    /// <summary>
    /// Applies the step. Deterministic: the same input bytes and parameters give the same output bytes.
    /// </summary>
    /// <param name="input">The previous stage's encoded image (PNG unless a format step came before).</param>
    /// <param name="parameters">Parameters returned by <see cref="Validate"/>.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>The encoded result, in <see cref="OutputFormat"/>.</returns>
    byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken);
}
