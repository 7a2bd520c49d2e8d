namespace AssetForge.Core.Specs;

using AssetForge.Core.Diagnostics;

/// <summary>
/// The outcome of loading a project's specs: the valid assets, and diagnostics for the rest.
/// A bad spec never removes a good one from <see cref="Assets"/>.
/// </summary>
/// <param name="Assets">Every asset that validated.</param>
/// <param name="Diagnostics">Errors and warnings, each with file, line and column.</param>
/// <param name="FailedAssetCount">How many assets (or files that hold no readable asset) failed.</param>
public sealed record SpecLoadResult(IReadOnlyList<AssetSpec> Assets, IReadOnlyList<Diagnostic> Diagnostics, int FailedAssetCount);
