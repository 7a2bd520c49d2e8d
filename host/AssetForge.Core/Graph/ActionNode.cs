namespace AssetForge.Core.Graph;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;

/// <summary>
/// One action of the graph: a key over its own fields and its inputs' keys, the outputs it
/// produces (stored together under that key), and the work its runner does. Nodes with equal keys
/// are one node, however many specs lead to them.
/// </summary>
/// <param name="Key">The action key; the node's identity in the graph and in the cache.</param>
/// <param name="Kind">What it is, and so which runner produces it.</param>
/// <param name="Inputs">The outputs of other nodes it reads, in the order its runner expects them.</param>
/// <param name="Outputs">The names of what it produces.</param>
/// <param name="Label">The asset id shown for it in progress and logs (the first asset that needs it).</param>
/// <param name="Location">Where its failures are reported.</param>
/// <param name="Work">What its runner needs.</param>
internal sealed record ActionNode(
    ActionKey Key,
    NodeKind Kind,
    IReadOnlyList<NodeOutputRef> Inputs,
    IReadOnlyList<string> Outputs,
    string Label,
    SourceLocation? Location,
    NodeWork Work)
{
    /// <summary>Whether producing it needs a model (the kind sharding partitions and <c>--no-generate</c> refuses).</summary>
    public bool UsesModel => Kind == NodeKind.Generation;
}
