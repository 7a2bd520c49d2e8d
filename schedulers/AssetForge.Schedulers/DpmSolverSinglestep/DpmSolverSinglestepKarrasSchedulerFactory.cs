namespace AssetForge.Schedulers.DpmSolverSinglestep;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary><c>dpmpp_2s_karras</c>: <c>dpmpp_2s</c> with <c>use_karras_sigmas: true</c> implied ("DPM++ 2S Karras").</summary>
public sealed class DpmSolverSinglestepKarrasSchedulerFactory : SchedulerFactory
{
    private static readonly SchedulerDescriptor Descriptor = SchedulerDescriptor.ImplyingTrue(
        "dpmpp_2s_karras", "1.0.0", ["DPM++ 2S Karras", "dpmpp2s_karras"], DpmSolverSinglestepSchedulerFactory.OptionSpecs, "use_karras_sigmas", plainVariantId: "dpmpp_2s");

    public DpmSolverSinglestepKarrasSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep) =>
        DpmSolverSinglestepSchedulerFactory.CreateScheduler(resolved, inferenceSteps, firstStep, solverOrder: 2);
}
