namespace AssetForge.Core.Execution;

using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;

/// <summary>One node's result: its status, its action record when it is available, and why it failed.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Record">The stored action (outputs and their hashes) when <see cref="IsAvailable"/>.</param>
/// <param name="Diagnostics">Why it failed (the failing node's diagnostics, for nodes after it too).</param>
internal sealed record NodeResult(NodeStatus Status, ActionRecord? Record, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Whether its outputs are in the local store.</summary>
    public bool IsAvailable => Status is NodeStatus.Cached or NodeStatus.Downloaded or NodeStatus.Ran;
}
