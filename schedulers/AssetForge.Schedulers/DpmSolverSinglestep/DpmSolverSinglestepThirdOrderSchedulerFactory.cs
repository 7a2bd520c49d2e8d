namespace AssetForge.Schedulers.DpmSolverSinglestep;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// <c>dpmpp_3s</c>: diffusers' <c>DPMSolverSinglestepScheduler</c> with <c>solver_order: 3</c>
/// ("DPM++ 3S"; diffusers recommends order 3 for unconditional sampling, 2 with guidance).
/// </summary>
public sealed class DpmSolverSinglestepThirdOrderSchedulerFactory : SchedulerFactory
{
    private static readonly SchedulerDescriptor Descriptor = new(
        "dpmpp_3s", "1.0.0", ["DPM++ 3S", "dpmpp3s"], DpmSolverSinglestepSchedulerFactory.OptionSpecs, karrasVariantId: "dpmpp_3s_karras");

    public DpmSolverSinglestepThirdOrderSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep) =>
        DpmSolverSinglestepSchedulerFactory.CreateScheduler(resolved, inferenceSteps, firstStep, solverOrder: 3);
}
