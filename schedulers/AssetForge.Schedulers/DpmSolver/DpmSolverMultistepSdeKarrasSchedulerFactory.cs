namespace AssetForge.Schedulers.DpmSolver;

using System.Text.Json;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// <c>dpmpp_2m_sde_karras</c>: <c>dpmpp_2m_sde</c> with <c>use_karras_sigmas: true</c> implied
/// ("DPM++ 2M SDE Karras"); see <see cref="DpmSolverMultistepKarrasSchedulerFactory"/> for how a
/// name implies options.
/// </summary>
public sealed class DpmSolverMultistepSdeKarrasSchedulerFactory : ISchedulerFactory
{
    private static readonly SchedulerConfig Implied = SchedulerConfig.From(
        [new KeyValuePair<string, JsonElement>("use_karras_sigmas", JsonSerializer.SerializeToElement(true))]);

    private static readonly OptionSpec[] OptionSpecs =
    [
        .. DpmSolverMultistepSchedulerFactory.OptionSpecs.Select(o => o.Name == "use_karras_sigmas"
            ? o with { Option = o.Option with { DefaultValue = "true" } }
            : o),
    ];

    private readonly SchedulerConfigResolver _resolver = new("dpmpp_2m_sde_karras", OptionSpecs);

    public string Id => "dpmpp_2m_sde_karras";

    public string Version => "1.0.0";

    public IReadOnlyList<string> Aliases { get; } = ["DPM++ 2M SDE Karras", "k_dpmpp_2m_sde_karras", "dpmpp2m_sde_karras"];

    public IReadOnlyList<SchedulerOption> Options => _resolver.PublicOptions;

    public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides)
    {
        ArgumentNullException.ThrowIfNull(modelConfig);
        return _resolver.Resolve(modelConfig.With(Implied.Values), overrides);
    }

    public IScheduler Create(SchedulerConfig resolved, int inferenceSteps, double strength = 1.0) =>
        DpmSolverMultistepSchedulerFactory.CreateScheduler(resolved, inferenceSteps, strength, stochastic: true);
}
