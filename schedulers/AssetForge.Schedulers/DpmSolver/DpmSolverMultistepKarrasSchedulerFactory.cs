namespace AssetForge.Schedulers.DpmSolver;

using System.Text.Json;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>
/// <c>dpmpp_2m_karras</c>: <c>dpmpp_2m</c> with <c>use_karras_sigmas: true</c> implied, for the
/// name people type ("DPM++ 2M Karras", A1111's list entry).
/// </summary>
/// <remarks>
/// How a name implies options: the implied options sit between the model's scheduler_config.json
/// and the spec's scheduler_options (so a spec may still override them), and they end up in the
/// resolved config like any other option, so they are part of the cache key. It is a scheduler
/// of its own (its own id in the key) rather than an alias of <c>dpmpp_2m</c> because the plugin
/// contract maps an alias to a factory, not to options; the cost is that <c>dpmpp_2m</c> with
/// <c>use_karras_sigmas: true</c> and <c>dpmpp_2m_karras</c> are cached separately though they
/// give the same pixels.
/// </remarks>
public sealed class DpmSolverMultistepKarrasSchedulerFactory : ISchedulerFactory
{
    private static readonly SchedulerConfig Implied = SchedulerConfig.From(
        [new KeyValuePair<string, JsonElement>("use_karras_sigmas", JsonSerializer.SerializeToElement(true))]);

    private static readonly OptionSpec[] OptionSpecs =
    [
        .. DpmSolverMultistepSchedulerFactory.OptionSpecs.Select(o => o.Name == "use_karras_sigmas"
            ? o with { Option = o.Option with { DefaultValue = "true" } }
            : o),
    ];

    private readonly SchedulerConfigResolver _resolver = new("dpmpp_2m_karras", OptionSpecs);

    public string Id => "dpmpp_2m_karras";

    public string Version => "1.0.0";

    public IReadOnlyList<string> Aliases { get; } = ["DPM++ 2M Karras", "k_dpmpp_2m_karras", "dpmpp2m_karras"];

    public IReadOnlyList<SchedulerOption> Options => _resolver.PublicOptions;

    public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides)
    {
        ArgumentNullException.ThrowIfNull(modelConfig);
        return _resolver.Resolve(modelConfig.With(Implied.Values), overrides);
    }

    public IScheduler Create(SchedulerConfig resolved, int inferenceSteps, double strength = 1.0) =>
        DpmSolverMultistepSchedulerFactory.CreateScheduler(resolved, inferenceSteps, strength);
}
