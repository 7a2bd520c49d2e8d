namespace AssetForge.Core.Actions;

using AssetForge.Core.Build;
using AssetForge.Core.Graph;

/// <summary>A compile-model node's work: the checkpoint, its LoRAs and precision, and who compiles it.</summary>
/// <param name="Compilation">The compile, keyed.</param>
internal sealed record CompileModelWork(ModelCompilation Compilation) : NodeWork;
