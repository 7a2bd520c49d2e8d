namespace AssetForge.Core.Graph;

/// <summary>The requested targets' closure contains a dependency cycle (nodes listed along it).</summary>
internal sealed class GraphCycleException : InvalidOperationException
{
    public GraphCycleException(IReadOnlyList<string> cycle)
        : base("Dependency cycle: " + string.Join(" -> ", cycle) + ".")
    {
        Cycle = cycle;
    }

    /// <summary>The labels of the nodes along the cycle, the first repeated at the end.</summary>
    public IReadOnlyList<string> Cycle { get; }
}
