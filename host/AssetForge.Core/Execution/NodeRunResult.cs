namespace AssetForge.Core.Execution;

using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;

/// <summary>What a runner made of one node: every declared output's bytes and who made them, or why it failed.</summary>
/// <param name="Outputs">Output name → bytes, one per declared output; null when failed.</param>
/// <param name="Producer">Who made them (recorded in the action record); null when failed.</param>
/// <param name="Failure">Why it failed; null when produced.</param>
internal sealed record NodeRunResult(IReadOnlyList<KeyValuePair<string, byte[]>>? Outputs, ActionProducer? Producer, Diagnostic? Failure)
{
    /// <summary>
    /// A produced folder (a compiled model) that is the node's one declared output, instead of
    /// bytes: the executor stores it (<see cref="StoredFolder"/>) and then owns it (moves it to where
    /// the store materialises that node's folder, or deletes it).
    /// </summary>
    public string? Folder { get; init; }

    /// <summary>A produced folder output (see <see cref="Folder"/>).</summary>
    public static NodeRunResult ProducedFolder(ActionProducer producer, string folder) => new([], producer, null) { Folder = folder };

    /// <summary>A produced node.</summary>
    public static NodeRunResult Produced(ActionProducer producer, params IReadOnlyList<KeyValuePair<string, byte[]>> outputs) => new(outputs, producer, null);

    /// <summary>A failed node.</summary>
    public static NodeRunResult Failed(Diagnostic failure) => new(null, null, failure);
}
