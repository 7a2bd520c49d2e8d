namespace AssetForge.Schedulers.Configuration;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Schedules;

/// <summary>
/// The part every built-in scheduler factory shares: its name, options and config resolution come
/// from a <see cref="SchedulerDescriptor"/>, and <see cref="Create"/> checks its arguments and
/// picks the img2img window before the scheduler builds its own schedule.
/// </summary>
public abstract class SchedulerFactory : ISchedulerFactory, ISchedulerKeyIdentity
{
    private readonly SchedulerDescriptor _descriptor;

    private protected SchedulerFactory(SchedulerDescriptor descriptor) => _descriptor = descriptor;

    /// <inheritdoc/>
    public string Id => _descriptor.Id;

    /// <inheritdoc/>
    public string Version => _descriptor.Version;

    /// <inheritdoc/>
    public IReadOnlyList<string> Aliases => _descriptor.Aliases;

    /// <inheritdoc/>
    public IReadOnlyList<SchedulerOption> Options => _descriptor.Options;

    /// <inheritdoc/>
    public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides) => _descriptor.Resolve(modelConfig, overrides);

    /// <inheritdoc/>
    public SchedulerKeyIdentity KeyIdentity(SchedulerConfig resolved) => _descriptor.KeyIdentity(resolved);

    /// <inheritdoc/>
    public IScheduler Create(SchedulerConfig resolved, int inferenceSteps, double strength = 1.0)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var firstStep = InferenceWindow.FirstStep(inferenceSteps, strength);
        return Create(resolved, inferenceSteps, firstStep);
    }

    /// <summary>Creates the scheduler for a full schedule of <paramref name="inferenceSteps"/> run from <paramref name="firstStep"/> on.</summary>
    private protected abstract IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep);
}
