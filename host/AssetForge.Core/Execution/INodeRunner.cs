namespace AssetForge.Core.Execution;

/// <summary>
/// Produces nodes of one kind. The executor decides what runs (caches, policies, shards) and
/// stores what a runner produces; a runner only turns inputs into outputs. The model runner gets
/// every model node of a build at once, so it alone decides batching.
/// </summary>
internal interface INodeRunner
{
    /// <summary>
    /// Produces <paramref name="runs"/>, calling <paramref name="completed"/> once per node as it
    /// finishes (produced or failed), from one thread at a time. Nodes it has not completed when it
    /// returns (cancellation) count as cancelled.
    /// </summary>
    Task RunAsync(IReadOnlyList<NodeRun> runs, Func<NodeRun, NodeRunResult, Task> completed, CancellationToken cancellationToken);
}
