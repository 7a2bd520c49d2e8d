namespace AssetForge.Core.Execution;

using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;

/// <summary>What a runner made of one node: every declared output's bytes and who made them, or why it failed.</summary>
/// <param name="Outputs">Output name → bytes, one per declared output; null when failed.</param>
/// <param name="Producer">Who made them (recorded in the action record); null when failed.</param>
/// <param name="Failure">Why it failed; null when produced.</param>
internal sealed record NodeRunResult(IReadOnlyList<KeyValuePair<string, byte[]>>? Outputs, ActionProducer? Producer, Diagnostic? Failure)
{
    /// <summary>A produced node.</summary>
    public static NodeRunResult Produced(ActionProducer producer, params IReadOnlyList<KeyValuePair<string, byte[]>> outputs) => new(outputs, producer, null);

    /// <summary>A failed node.</summary>
    public static NodeRunResult Failed(Diagnostic failure) => new(null, null, failure);
}
