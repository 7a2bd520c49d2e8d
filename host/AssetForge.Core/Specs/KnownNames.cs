namespace AssetForge.Core.Specs;

/// <summary>
/// Names a spec may refer to, known once plugins are loaded and the config is read; used for
/// validation and "did you mean" suggestions.
/// </summary>
/// <param name="Schedulers">Scheduler ids and aliases (compared case-insensitively).</param>
/// <param name="Models">Model names from assetforge.yaml and <c>builtin:NAME</c> models.</param>
public sealed record KnownNames(IReadOnlyCollection<string> Schedulers, IReadOnlyCollection<string> Models);
