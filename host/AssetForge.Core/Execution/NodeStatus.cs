namespace AssetForge.Core.Execution;

/// <summary>What the executor did with one node.</summary>
internal enum NodeStatus
{
    /// <summary>Its outputs were in the local cache.</summary>
    Cached,

    /// <summary>Its outputs came from the remote cache (now in the local one).</summary>
    Downloaded,

    /// <summary>Its runner produced it in this build (now in the local cache, and uploaded).</summary>
    Ran,

    /// <summary>A derived node of this shard whose inputs are not all in the store yet: a later build (another shard, or an unsharded one) runs it.</summary>
    Deferred,

    /// <summary>Another shard's node (a model node outside this shard, or a derived one with no input here): not this build's work.</summary>
    Elsewhere,

    /// <summary>It, or one of its inputs, failed.</summary>
    Failed,

    /// <summary>The build was cancelled before it was done.</summary>
    Cancelled,
}
