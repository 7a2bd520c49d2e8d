namespace AssetForge.Schedulers.Configuration;

using System.Text.Json;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// What a scheduler name stands for: its id, version and aliases (all part of users' cache keys),
/// the options it reads, and the options the name itself implies.
/// </summary>
/// <remarks>
/// How a name implies options: the implied options sit between the model's scheduler_config.json
/// and the spec's scheduler_options (so a spec may still override them), and they end up in the
/// resolved config like any other option, so they are part of the cache key.
/// </remarks>
internal sealed class SchedulerDescriptor
{
    private readonly SchedulerConfigResolver _resolver;
    private readonly SchedulerConfig? _implied;

    public SchedulerDescriptor(string id, string version, IReadOnlyList<string> aliases, IReadOnlyList<OptionSpec> options)
        : this(id, version, aliases, options, implied: null)
    {
    }

    private SchedulerDescriptor(string id, string version, IReadOnlyList<string> aliases, IReadOnlyList<OptionSpec> options, SchedulerConfig? implied)
    {
        Id = id;
        Version = version;
        Aliases = aliases;
        OptionSpecs = options;
        _implied = implied;
        _resolver = new SchedulerConfigResolver(id, options);
    }

    public string Id { get; }

    public string Version { get; }

    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The options with the value ranges this plugin accepts, in declaration order.</summary>
    public IReadOnlyList<OptionSpec> OptionSpecs { get; }

    /// <summary>The public option descriptions, in declaration order.</summary>
    public IReadOnlyList<SchedulerOption> Options => _resolver.PublicOptions;

    /// <summary>
    /// A name for <paramref name="options"/> with the boolean <paramref name="impliedOption"/> set
    /// to true by the name: its default becomes <c>true</c> and a model's scheduler_config.json
    /// cannot turn it off (a spec's scheduler_options still can).
    /// </summary>
    public static SchedulerDescriptor ImplyingTrue(
        string id, string version, IReadOnlyList<string> aliases, IReadOnlyList<OptionSpec> options, string impliedOption)
    {
        var specs = new OptionSpec[options.Count];
        for (var i = 0; i < specs.Length; i++)
        {
            var spec = options[i];
            specs[i] = spec.Name == impliedOption ? spec with { Option = spec.Option with { DefaultValue = "true" } } : spec;
        }

        var implied = SchedulerConfig.From([new KeyValuePair<string, JsonElement>(impliedOption, JsonSerializer.SerializeToElement(true))]);
        return new SchedulerDescriptor(id, version, aliases, specs, implied);
    }

    /// <inheritdoc cref="ISchedulerFactory.Resolve"/>
    public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides)
    {
        if (_implied is null)
        {
            return _resolver.Resolve(modelConfig, overrides);
        }

        ArgumentNullException.ThrowIfNull(modelConfig);
        return _resolver.Resolve(modelConfig.With(_implied.Values), overrides);
    }
}
