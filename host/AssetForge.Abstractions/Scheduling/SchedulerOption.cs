namespace AssetForge.Abstractions.Scheduling;

/// <summary>Describes one option a scheduler accepts (for listings and validation messages).</summary>
/// <param name="Name">The option name as in diffusers' scheduler_config.json, e.g. <c>beta_schedule</c>.</param>
/// <param name="Kind">The value kind.</param>
/// <param name="DefaultValue">The default as JSON text, e.g. <c>"scaled_linear"</c> or <c>0.00085</c>.</param>
/// <param name="Description">One line for users.</param>
/// <param name="AllowedValues">For string options with a fixed set of values; empty otherwise.</param>
public sealed record SchedulerOption(
    string Name,
    SchedulerOptionKind Kind,
    string DefaultValue,
    string Description,
    IReadOnlyList<string> AllowedValues);
