namespace AssetForge.Schedulers.DpmSolverSinglestep;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary><c>dpmpp_3s_karras</c>: <c>dpmpp_3s</c> with <c>use_karras_sigmas: true</c> implied ("DPM++ 3S Karras").</summary>
public sealed class DpmSolverSinglestepThirdOrderKarrasSchedulerFactory : SchedulerFactory
{
    private static readonly SchedulerDescriptor Descriptor = SchedulerDescriptor.ImplyingTrue(
        "dpmpp_3s_karras", "1.0.0", ["DPM++ 3S Karras", "dpmpp3s_karras"], DpmSolverSinglestepSchedulerFactory.OptionSpecs, "use_karras_sigmas", plainVariantId: "dpmpp_3s");

    public DpmSolverSinglestepThirdOrderKarrasSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep) =>
        DpmSolverSinglestepSchedulerFactory.CreateScheduler(resolved, inferenceSteps, firstStep, solverOrder: 3);
}
