namespace AssetForge.Abstractions.PostProcessing;

/// <summary>
/// A post step whose result depends on whether the image tiles, e.g. a resize or a normal map that
/// must sample across the wrapped edge rather than clamp at it. For an asset with <c>tiling:</c>
/// on, the host sets <see cref="TilingParameter"/> to the asset's axes (<c>x</c>, <c>y</c> or
/// <c>xy</c>) before <see cref="IPostStep.Validate"/>, unless the spec sets that parameter itself.
/// </summary>
/// <remarks>Added in contract 1.2. A step should leave the parameter out of its canonical form when
/// it means "no wrapping", so that the keys of ordinary images do not change.</remarks>
public interface ITilingAwarePostStep : IPostStep
{
    /// <summary>The parameter that takes the tiling axes, e.g. <c>wrap</c>.</summary>
    string TilingParameter { get; }
}
