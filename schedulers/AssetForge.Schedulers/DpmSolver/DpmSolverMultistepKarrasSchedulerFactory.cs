namespace AssetForge.Schedulers.DpmSolver;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// <c>dpmpp_2m_karras</c>: <c>dpmpp_2m</c> with <c>use_karras_sigmas: true</c> implied, for the
/// name people type ("DPM++ 2M Karras", A1111's list entry).
/// </summary>
/// <remarks>
/// How a name implies options: see <see cref="SchedulerDescriptor.ImplyingTrue"/>. It is a scheduler
/// of its own (its own id in the key) rather than an alias of <c>dpmpp_2m</c> because the plugin
/// contract maps an alias to a factory, not to options. <c>dpmpp_2m</c> with
/// <c>use_karras_sigmas: true</c> gives the same pixels and is keyed as <c>dpmpp_2m_karras</c>
/// (<see cref="SchedulerDescriptor.KeyIdentity"/>), so the two share one cache entry.
/// </remarks>
public sealed class DpmSolverMultistepKarrasSchedulerFactory : SchedulerFactory
{
    private static readonly SchedulerDescriptor Descriptor = SchedulerDescriptor.ImplyingTrue(
        "dpmpp_2m_karras",
        "1.1.0",
        ["DPM++ 2M Karras", "k_dpmpp_2m_karras", "dpmpp2m_karras"],
        DpmSolverMultistepSchedulerFactory.OptionSpecs,
        "use_karras_sigmas",
        plainVariantId: "dpmpp_2m");

    public DpmSolverMultistepKarrasSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep) =>
        DpmSolverMultistepSchedulerFactory.CreateScheduler(resolved, inferenceSteps, firstStep, stochastic: false);
}
