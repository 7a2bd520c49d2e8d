namespace AssetForge.Schedulers.DpmSolver;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// <c>dpmpp_2m_sde</c>: diffusers' <c>DPMSolverMultistepScheduler</c> with
/// <c>algorithm_type: sde-dpmsolver++</c> and <c>solver_order: 2</c> ("DPM++ 2M SDE"). diffusers
/// draws its noise per step with <c>randn_tensor</c> from the pipeline's generator (not a Brownian
/// tree), so here it comes from the image's generator and is exactly as reproducible.
/// </summary>
public sealed class DpmSolverMultistepSdeSchedulerFactory : SchedulerFactory
{
    private static readonly SchedulerDescriptor Descriptor = new(
        "dpmpp_2m_sde", "1.1.0", ["DPM++ 2M SDE", "k_dpmpp_2m_sde", "dpmpp2m_sde", "sde-dpmsolver++"], DpmSolverMultistepSchedulerFactory.OptionSpecs, karrasVariantId: "dpmpp_2m_sde_karras");

    public DpmSolverMultistepSdeSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep) =>
        DpmSolverMultistepSchedulerFactory.CreateScheduler(resolved, inferenceSteps, firstStep, stochastic: true);
}
