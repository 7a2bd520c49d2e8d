namespace AssetForge.Schedulers.Configuration;

using AssetForge.Abstractions.Scheduling;

/// <summary>
/// A scheduler option as the public <see cref="SchedulerOption"/> plus the value range this
/// plugin accepts, so that a bad value is refused when the config is resolved, not in the middle
/// of a build.
/// </summary>
/// <param name="Option">The public description.</param>
/// <param name="Minimum">The smallest accepted value for numbers, or <c>null</c>.</param>
/// <param name="Maximum">The largest accepted value for numbers, or <c>null</c>.</param>
/// <param name="Nullable">Whether <c>null</c> is accepted (meaning "not set").</param>
internal sealed record OptionSpec(SchedulerOption Option, double? Minimum = null, double? Maximum = null, bool Nullable = false)
{
    /// <summary>The option name.</summary>
    public string Name => Option.Name;
}
