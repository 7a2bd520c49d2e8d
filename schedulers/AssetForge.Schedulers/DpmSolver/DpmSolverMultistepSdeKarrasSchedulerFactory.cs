namespace AssetForge.Schedulers.DpmSolver;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// <c>dpmpp_2m_sde_karras</c>: <c>dpmpp_2m_sde</c> with <c>use_karras_sigmas: true</c> implied
/// ("DPM++ 2M SDE Karras"); see <see cref="DpmSolverMultistepKarrasSchedulerFactory"/> for why a
/// name implies options.
/// </summary>
public sealed class DpmSolverMultistepSdeKarrasSchedulerFactory : SchedulerFactory
{
    private static readonly SchedulerDescriptor Descriptor = SchedulerDescriptor.ImplyingTrue(
        "dpmpp_2m_sde_karras",
        "1.1.0",
        ["DPM++ 2M SDE Karras", "k_dpmpp_2m_sde_karras", "dpmpp2m_sde_karras"],
        DpmSolverMultistepSchedulerFactory.OptionSpecs,
        "use_karras_sigmas",
        plainVariantId: "dpmpp_2m_sde");

    public DpmSolverMultistepSdeKarrasSchedulerFactory()
        : base(Descriptor)
    {
    }

    private protected override IScheduler Create(SchedulerConfig resolved, int inferenceSteps, int firstStep) =>
        DpmSolverMultistepSchedulerFactory.CreateScheduler(resolved, inferenceSteps, firstStep, stochastic: true);
}
