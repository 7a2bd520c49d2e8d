namespace AssetForge.Abstractions.PostProcessing;

/// <summary>
/// A post step some of whose parameters may name a file, e.g. <c>pixelate</c>'s
/// <c>palette: palettes/ui.gpl</c>. The host reads such a file (relative to the spec that names
/// it) and passes its text in place of the name before <see cref="IPostStep.Validate"/>, so the
/// stage's key covers what the file says, not what it is called: editing the file re-runs the
/// stage, renaming it does not.
/// </summary>
/// <remarks>Added in contract 1.2.</remarks>
public interface IFileParameterPostStep : IPostStep
{
    /// <summary>Whether <paramref name="value"/>, as written for <paramref name="parameter"/>, names a file to read.</summary>
    bool NamesFile(string parameter, string value);
}
