namespace AssetForge.Core.Build;

using AssetForge.Abstractions.PostProcessing;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;

/// <summary>
/// One cached stage of an asset's <c>post:</c> chain: key = H(input key, step id, step version,
/// validated parameters) (DESIGN §4), so editing a step re-runs only that step and those after it.
/// </summary>
/// <param name="Step">The plugin's step.</param>
/// <param name="Parameters">The validated, canonical parameters.</param>
/// <param name="InputKey">The key of what the stage reads: the generation's key for the first stage, else the previous stage's.</param>
/// <param name="Key">This stage's key.</param>
/// <param name="Location">Where the step is written.</param>
internal sealed record PostStagePlan(IPostStep Step, PostStepParameters Parameters, ActionKey InputKey, ActionKey Key, SourceLocation Location)
{
    /// <summary>
    /// The named extra outputs the stage writes beside the main image (an <see cref="IExtraOutputPostStep"/>'s),
    /// stored with the image under the stage's one key; empty for an ordinary step.
    /// </summary>
    public IReadOnlyList<PostStepExtraOutput> Extras { get; init; } = [];

    /// <summary>Whether the stage's image is its input unchanged (it only adds <see cref="Extras"/>).</summary>
    public bool PassesImageThrough { get; init; }
}
