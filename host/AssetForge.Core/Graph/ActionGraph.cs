namespace AssetForge.Core.Graph;

using AssetForge.Core.Hashing;

/// <summary>
/// The project as actions: every node by key, and the targets (output files) that copy node
/// outputs. Built once per build by <see cref="GraphLowering"/>; immutable afterwards.
/// </summary>
internal sealed class ActionGraph
{
    private readonly Dictionary<ActionKey, ActionNode> _nodes;

    /// <exception cref="ArgumentException">A node's input or a target's source names a node or output that is not in the graph.</exception>
    public ActionGraph(IReadOnlyList<ActionNode> nodes, IReadOnlyList<BuildTarget> targets)
    {
        _nodes = new Dictionary<ActionKey, ActionNode>(nodes.Count);
        foreach (var node in nodes)
        {
            if (!_nodes.TryAdd(node.Key, node))
            {
                throw new ArgumentException($"Two nodes have the key {node.Key.Hex}.", nameof(nodes));
            }
        }

        foreach (var node in nodes)
        {
            foreach (var input in node.Inputs)
            {
                Check(input, node.Label);
            }
        }

        foreach (var target in targets)
        {
            Check(target.Source, target.Id);
        }

        Nodes = nodes;
        Targets = targets;
    }

    /// <summary>Every node, in the order they were lowered (inputs before the nodes that read them).</summary>
    public IReadOnlyList<ActionNode> Nodes { get; }

    /// <summary>Every target, in spec order.</summary>
    public IReadOnlyList<BuildTarget> Targets { get; }

    /// <summary>The node of <paramref name="key"/>.</summary>
    public ActionNode Node(ActionKey key) => _nodes[key];

    private void Check(NodeOutputRef reference, string user)
    {
        if (!_nodes.TryGetValue(reference.Node, out var producer) || !producer.Outputs.Contains(reference.Output))
        {
            throw new ArgumentException($"'{user}' reads output '{reference.Output}' of {reference.Node.Hex[..12]}, which no node produces.");
        }
    }
}
