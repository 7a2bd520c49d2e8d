namespace AssetForge.Core.Graph;

using AssetForge.Core.Hashing;

/// <summary>
/// What one build does: the requested targets and the closure of the nodes they need, in
/// dependency order (every node after its inputs), each with its depth (0 for nodes without inputs).
/// </summary>
internal sealed class BuildPlan
{
    private readonly Dictionary<ActionKey, int> _depth;

    private BuildPlan(ActionGraph graph, IReadOnlyList<ActionNode> nodes, Dictionary<ActionKey, int> depth, IReadOnlyList<BuildTarget> targets)
    {
        Graph = graph;
        Nodes = nodes;
        _depth = depth;
        Targets = targets;
    }

    /// <summary>The graph the plan is over.</summary>
    public ActionGraph Graph { get; }

    /// <summary>The closure of the targets' sources, inputs first.</summary>
    public IReadOnlyList<ActionNode> Nodes { get; }

    /// <summary>The requested targets.</summary>
    public IReadOnlyList<BuildTarget> Targets { get; }

    /// <summary>The longest path from <paramref name="node"/> to a node without inputs.</summary>
    public int DepthOf(ActionKey node) => _depth[node];

    /// <summary>Plans <paramref name="targets"/> of <paramref name="graph"/>.</summary>
    /// <exception cref="GraphCycleException">Their closure contains a cycle.</exception>
    public static BuildPlan For(ActionGraph graph, IReadOnlyList<BuildTarget> targets)
    {
        var order = new List<ActionNode>();
        var depth = new Dictionary<ActionKey, int>();
        var onPath = new List<ActionKey>();
        foreach (var target in targets)
        {
            Visit(graph, target.Source.Node, order, depth, onPath);
        }

        return new BuildPlan(graph, order, depth, targets);
    }

    // Depth-first, post-order: a node is appended after its inputs. A node met again while it is
    // on the current path closes a cycle.
    private static int Visit(ActionGraph graph, ActionKey key, List<ActionNode> order, Dictionary<ActionKey, int> depth, List<ActionKey> onPath)
    {
        if (depth.TryGetValue(key, out var known))
        {
            return known;
        }

        var at = onPath.IndexOf(key);
        if (at >= 0)
        {
            var cycle = new List<string>(onPath.Count - at + 1);
            for (var i = at; i < onPath.Count; i++)
            {
                cycle.Add(graph.Node(onPath[i]).Label);
            }

            cycle.Add(graph.Node(key).Label);
            throw new GraphCycleException(cycle);
        }

        onPath.Add(key);
        var node = graph.Node(key);
        var own = 0;
        foreach (var input in node.Inputs)
        {
            own = Math.Max(own, Visit(graph, input.Node, order, depth, onPath) + 1);
        }

        onPath.RemoveAt(onPath.Count - 1);
        depth[key] = own;
        order.Add(node);
        return own;
    }
}
