namespace AssetForge.Core.Specs.Yaml;

using AssetForge.Core.Diagnostics;

/// <summary>
/// A mistake the reader found inside an otherwise readable document (a duplicate key, an anchor,
/// a tag), with the index of the top-level list item it is in, so that a list of assets fails
/// only the item that holds it.
/// </summary>
/// <param name="RootItemIndex">The index of the top-level sequence item it is in, or -1 (the root itself, or a root that is not a sequence).</param>
/// <param name="Diagnostic">The error.</param>
internal readonly record struct YamlProblem(int RootItemIndex, Diagnostic Diagnostic);
