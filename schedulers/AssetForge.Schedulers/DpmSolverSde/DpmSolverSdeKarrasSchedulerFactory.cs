namespace AssetForge.Schedulers.DpmSolverSde;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.KDpm2;

/// <summary>
/// <c>dpmpp_sde_karras</c>: <c>dpmpp_sde</c> with <c>use_karras_sigmas: true</c> implied
/// ("DPM++ SDE Karras"), as <c>dpmpp_2m_karras</c> implies it for <c>dpmpp_2m</c>.
/// </summary>
public sealed class DpmSolverSdeKarrasSchedulerFactory : SchedulerFactory
{
    private static readonly SchedulerDescriptor Descriptor = SchedulerDescriptor.ImplyingTrue(
        "dpmpp_sde_karras", "1.0.0", ["DPM++ SDE Karras", "k_dpmpp_sde_karras"], KDpm2Schedule.Options, "use_karras_sigmas", plainVariantId: "dpmpp_sde");

    public DpmSolverSdeKarrasSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep) =>
        DpmSolverSdeSchedulerFactory.CreateScheduler(resolved, inferenceSteps, firstStep);
}
