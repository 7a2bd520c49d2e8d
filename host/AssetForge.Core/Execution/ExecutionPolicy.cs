namespace AssetForge.Core.Execution;

using AssetForge.Core.Build;
using AssetForge.Core.Graph;

/// <summary>
/// The build's policies, decided here and nowhere else, the same way for every node kind:
/// <c>--force</c> runs every node of the plan without asking any cache; <c>--no-generate</c>
/// refuses only nodes that need a model; <c>--shard i/n</c> partitions only model nodes by key.
/// </summary>
/// <remarks>
/// A compile-model node is no generation: it is never partitioned by its own key. It is reached only
/// through a generation that must run here (a refused generation, another shard's or one under
/// <c>--no-generate</c>, does not ask for its inputs), so each shard compiles, or fetches from the
/// team cache, exactly the models its own generations need, and a model two shards need is
/// compiled by each machine once (or once for the team, by whichever uploads it first). Under
/// <c>--no-generate</c> a compile is refused like a generation (AF4050): it is model work that a
/// cache-only build must not start, and no generation would run to use it.
/// </remarks>
/// <param name="Force">Run every planned node, ignoring the local and remote caches (their entries are overwritten).</param>
/// <param name="NoGenerate">Never run a model: a model node that misses both caches fails with AF4050.</param>
/// <param name="Shard">Run only the model nodes whose key falls in this shard; null runs all.</param>
internal sealed record ExecutionPolicy(bool Force, bool NoGenerate, Shard? Shard)
{
    /// <summary>No force, generation on, no shard.</summary>
    public static ExecutionPolicy Default { get; } = new(false, false, null);

    /// <summary>Whether a node may be served from the local or remote cache instead of run.</summary>
    public bool ServesFromCache => !Force;

    /// <summary>Whether this build runs <paramref name="node"/> when it has to be produced, and why not.</summary>
    public NodeStatus? RefusalFor(ActionNode node)
    {
        if (node.Kind == NodeKind.CompileModel)
        {
            return NoGenerate ? NodeStatus.Failed : null;
        }

        if (!node.UsesModel)
        {
            return null;
        }

        if (Shard is { } shard && !shard.Contains(node.Key))
        {
            return NodeStatus.Elsewhere;
        }

        return NoGenerate ? NodeStatus.Failed : null;
    }
}
