namespace AssetForge.Schedulers.DpmSolver;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// <c>dpmpp_2m_sde</c>: diffusers' <c>DPMSolverMultistepScheduler</c> with
/// <c>algorithm_type: sde-dpmsolver++</c> and <c>solver_order: 2</c> ("DPM++ 2M SDE"). diffusers
/// draws its noise per step with <c>randn_tensor</c> from the pipeline's generator (not a Brownian
/// tree), so here it comes from the image's generator and is exactly as reproducible.
/// </summary>
public sealed class DpmSolverMultistepSdeSchedulerFactory : ISchedulerFactory
{
    private readonly SchedulerConfigResolver _resolver = new("dpmpp_2m_sde", DpmSolverMultistepSchedulerFactory.OptionSpecs);

    public string Id => "dpmpp_2m_sde";

    public string Version => "1.0.0";

    public IReadOnlyList<string> Aliases { get; } = ["DPM++ 2M SDE", "k_dpmpp_2m_sde", "dpmpp2m_sde", "sde-dpmsolver++"];

    public IReadOnlyList<SchedulerOption> Options => _resolver.PublicOptions;

    public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides) => _resolver.Resolve(modelConfig, overrides);

    public IScheduler Create(SchedulerConfig resolved, int inferenceSteps, double strength = 1.0) =>
        DpmSolverMultistepSchedulerFactory.CreateScheduler(resolved, inferenceSteps, strength, stochastic: true);
}
