namespace AssetForge.Core.Specs;

using AssetForge.Core.Diagnostics;

/// <summary>
/// One step of a spec's <c>post:</c> list as written: <c>{ resize: 256x256 }</c> (short form: the
/// scalar sets the step's shorthand parameter) or <c>{ resize: { size: 64x64, mode: fit } }</c>.
/// The step's existence and parameters are checked against the loaded plugins when planning.
/// </summary>
/// <param name="Name">The step id, e.g. <c>resize</c>.</param>
/// <param name="Shorthand">The short form's value, or null for the long form.</param>
/// <param name="Parameters">The long form's parameters (empty for the short form).</param>
/// <param name="Location">Where the step's name is.</param>
/// <param name="ParameterLocations">Where each long-form parameter's value is.</param>
public sealed record PostStepSpec(
    string Name,
    string? Shorthand,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    SourceLocation Location,
    IReadOnlyDictionary<string, SourceLocation> ParameterLocations);
