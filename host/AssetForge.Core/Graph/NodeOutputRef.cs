namespace AssetForge.Core.Graph;

using AssetForge.Core.Hashing;

/// <summary>One named output of one node: what an edge of the graph, or a target, points at.</summary>
/// <param name="Node">The producing node's key.</param>
/// <param name="Output">The output's name in the node's action record (<c>image</c>, <c>atlas</c>, <c>map</c>).</param>
internal readonly record struct NodeOutputRef(ActionKey Node, string Output);
