namespace AssetForge.Schedulers.DpmSolverSde;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;
using AssetForge.Schedulers.KDpm2;

/// <summary>
/// <c>dpmpp_sde</c>: diffusers' <c>DPMSolverSDEScheduler</c> ("DPM++ SDE"). Two model
/// evaluations per step (<c>steps: 25</c> means 49), with Brownian-tree noise whose entropy comes
/// from the image's seed (see <see cref="DpmSolverSdeScheduler"/>).
/// </summary>
public sealed class DpmSolverSdeSchedulerFactory : SchedulerFactory
{
    private static readonly SchedulerDescriptor Descriptor = new(
        "dpmpp_sde", "1.0.0", ["DPM++ SDE", "k_dpmpp_sde", "dpmsolver_sde", "DPMSolverSDEScheduler"], KDpm2Schedule.Options,
        karrasVariantId: "dpmpp_sde_karras");

    public DpmSolverSdeSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep) =>
        CreateScheduler(resolved, inferenceSteps, firstStep);

    internal static IScheduler CreateScheduler(SchedulerConfig resolved, int inferenceSteps, int firstStep)
    {
        var schedule = DpmSolverSdeSchedule.Build(resolved, inferenceSteps);
        var offset = 2 * firstStep;
        return new DpmSolverSdeScheduler(
            schedule.Timesteps[offset..],
            schedule.Sigmas,
            offset,
            schedule.InitNoiseSigma,
            new OptionReader(resolved).GetString("prediction_type") == "v_prediction");
    }
}
