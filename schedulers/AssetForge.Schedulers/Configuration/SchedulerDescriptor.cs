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

    /// <param name="id">The scheduler id.</param>
    /// <param name="version">Its version.</param>
    /// <param name="aliases">Other names for it.</param>
    /// <param name="options">The options it reads.</param>
    /// <param name="karrasVariantId">
    /// The scheduler whose name implies <c>use_karras_sigmas: true</c> for this one (<c>dpmpp_2m_karras</c>
    /// for <c>dpmpp_2m</c>), if any: an asset of this scheduler with Karras sigmas on is keyed as that one.
    /// </param>
    public SchedulerDescriptor(string id, string version, IReadOnlyList<string> aliases, IReadOnlyList<OptionSpec> options, string? karrasVariantId = null)
        : this(id, version, aliases, options, implied: null)
    {
        KarrasVariantId = karrasVariantId;
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

    /// <summary>For a plain name, the name that implies Karras sigmas for it; see <see cref="KeyIdentity"/>.</summary>
    public string? KarrasVariantId { get; }

    /// <summary>For a name that implies Karras sigmas, the plain name it implies them for.</summary>
    public string? PlainVariantId { get; private init; }

    /// <summary>The public option descriptions, in declaration order.</summary>
    public IReadOnlyList<SchedulerOption> Options => _resolver.PublicOptions;

    /// <summary>
    /// A name for <paramref name="options"/> with the boolean <paramref name="impliedOption"/> set
    /// to true by the name: its default becomes <c>true</c> and a model's scheduler_config.json
    /// cannot turn it off (a spec's scheduler_options still can).
    /// </summary>
    /// <param name="id">The scheduler id.</param>
    /// <param name="version">Its version, the same as the plain name's when <paramref name="plainVariantId"/> is given.</param>
    /// <param name="aliases">Other names for it.</param>
    /// <param name="options">The plain name's options.</param>
    /// <param name="impliedOption">The boolean option the name sets.</param>
    /// <param name="plainVariantId">
    /// The scheduler this name implies <c>use_karras_sigmas</c> for, when it does: an asset with
    /// Karras sigmas turned off again is keyed as that one.
    /// </param>
    public static SchedulerDescriptor ImplyingTrue(
        string id, string version, IReadOnlyList<string> aliases, IReadOnlyList<OptionSpec> options, string impliedOption, string? plainVariantId = null)
    {
        var specs = new OptionSpec[options.Count];
        for (var i = 0; i < specs.Length; i++)
        {
            var spec = options[i];
            specs[i] = spec.Name == impliedOption ? spec with { Option = spec.Option with { DefaultValue = "true" } } : spec;
        }

        var implied = SchedulerConfig.From([new KeyValuePair<string, JsonElement>(impliedOption, JsonSerializer.SerializeToElement(true))]);
        return new SchedulerDescriptor(id, version, aliases, specs, implied) { PlainVariantId = plainVariantId };
    }

    /// <summary>
    /// The id an asset is keyed with: <c>X</c> and <c>X_karras</c> run the same code on the same
    /// resolved options (the name only sets a default), so whichever name is used, Karras sigmas on
    /// key as <c>X_karras</c> and off as <c>X</c>: same pixels, one cache entry. The names that are
    /// used as they are written keep the keys they always had.
    /// </summary>
    public SchedulerKeyIdentity KeyIdentity(SchedulerConfig resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var karras = resolved.TryGetValue(CommonOptions.UseKarrasSigmas.Name, out var value) && value.ValueKind == JsonValueKind.True;
        var id = karras ? KarrasVariantId ?? Id : PlainVariantId ?? Id;
        return new SchedulerKeyIdentity(id, Version);
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
