namespace AssetForge.Abstractions.Scheduling;

using AssetForge.Abstractions.Plugins;

/// <summary>
/// A scheduler a plugin provides. The host resolves its configuration once per asset (that
/// resolved configuration, with <see cref="IPluginComponent.Id"/> and
/// <see cref="IPluginComponent.Version"/>, is part of the asset's cache key) and creates one
/// <see cref="IScheduler"/> per image.
/// </summary>
public interface ISchedulerFactory : IPluginComponent
{
    /// <summary>Other names users type for this scheduler (e.g. <c>k_euler</c>), compared case-insensitively.</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>The options this scheduler reads.</summary>
    IReadOnlyList<SchedulerOption> Options { get; }

    /// <summary>
    /// Resolves the effective configuration: this scheduler's defaults, overridden by the model's
    /// <c>scheduler_config.json</c> (keys this scheduler does not read are ignored, as diffusers
    /// does), overridden by the spec's <c>scheduler_options</c> (unknown keys or bad values are
    /// errors). The result holds every option in <see cref="Options"/> and nothing else.
    /// </summary>
    /// <param name="modelConfig">The model's scheduler config, or <see cref="SchedulerConfig.Empty"/>.</param>
    /// <param name="overrides">The spec's scheduler_options.</param>
    /// <exception cref="SchedulerConfigException">An override is unknown or has a bad value.</exception>
    SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides);

    /// <summary>Creates a scheduler for one image from a resolved configuration.</summary>
    /// <param name="resolved">A configuration returned by <see cref="Resolve"/>.</param>
    /// <param name="inferenceSteps">The number of inference steps, at least 1.</param>
    /// <param name="strength">For img2img, the fraction of the schedule to run (0, 1]; 1 for text-to-image.</param>
    IScheduler Create(SchedulerConfig resolved, int inferenceSteps, double strength = 1.0);
}
