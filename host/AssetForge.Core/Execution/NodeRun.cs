namespace AssetForge.Core.Execution;

using AssetForge.Core.Graph;

/// <summary>A node to produce, with its inputs' bytes read from the store, in the node's input order.</summary>
/// <param name="Node">The node.</param>
/// <param name="Inputs">One byte array per input.</param>
internal sealed record NodeRun(ActionNode Node, IReadOnlyList<byte[]> Inputs);
