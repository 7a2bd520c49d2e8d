namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Scheduling;

/// <summary>A scheduler a loaded plugin provides, for listings.</summary>
/// <param name="Scheduler">The scheduler (its id, version, aliases and options).</param>
/// <param name="PluginName">The plugin that provides it.</param>
public sealed record SchedulerListing(ISchedulerFactory Scheduler, string PluginName);
