namespace AssetForge.Core.Specs;

/// <summary>
/// One axis of a <c>sweep:</c>: a field and the values it takes, in the order written. Values are
/// kept in their canonical text form (invariant culture, round-trip for numbers), which is also
/// what labels and file names show.
/// </summary>
/// <param name="Field">One of <see cref="Fields"/>.</param>
/// <param name="Values">The values, at least one, no duplicates.</param>
public sealed record SweepAxis(string Field, IReadOnlyList<string> Values)
{
    /// <summary><c>prompt_suffix</c>: text appended to the prompt (e.g. <c>", night"</c>).</summary>
    public const string PromptSuffix = "prompt_suffix";

    /// <summary>The fields a sweep may vary.</summary>
    public static IReadOnlyList<string> Fields { get; } =
        [AssetFields.Cfg, AssetFields.Steps, AssetFields.Scheduler, AssetFields.Seed, PromptSuffix];

    /// <summary>The most cells one sweep may have (a typo like <c>seed: [1..]</c> should not queue thousands of images).</summary>
    public const int MaxCells = 256;
}
