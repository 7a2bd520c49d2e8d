namespace AssetForge.Abstractions.Scheduling;

using System.Collections.Immutable;
using System.Text.Json;

/// <summary>
/// Scheduler settings as name → JSON value, the shape of diffusers'
/// <c>scheduler/scheduler_config.json</c>. Immutable and ordinally sorted by name, so that a
/// resolved config can be hashed canonically by the host.
/// </summary>
public sealed class SchedulerConfig
{
    /// <summary>An empty configuration.</summary>
    public static SchedulerConfig Empty { get; } = new(ImmutableSortedDictionary<string, JsonElement>.Empty.WithComparers(StringComparer.Ordinal));

    private SchedulerConfig(ImmutableSortedDictionary<string, JsonElement> values) => Values = values;

    /// <summary>The settings, sorted by name (ordinal).</summary>
    public ImmutableSortedDictionary<string, JsonElement> Values { get; }

    /// <summary>Creates a configuration from name/value pairs (values are cloned).</summary>
    public static SchedulerConfig From(IEnumerable<KeyValuePair<string, JsonElement>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            builder[name] = value.Clone();
        }

        return new SchedulerConfig(builder.ToImmutable());
    }

    /// <summary>Parses a JSON object such as the contents of <c>scheduler_config.json</c>.</summary>
    /// <exception cref="JsonException">The text is not a JSON object.</exception>
    public static SchedulerConfig Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A scheduler config must be a JSON object.");
        }

        return From(document.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value)));
    }

    /// <summary>Returns a copy with <paramref name="overrides"/> replacing or adding values.</summary>
    public SchedulerConfig With(IEnumerable<KeyValuePair<string, JsonElement>> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var builder = Values.ToBuilder();
        foreach (var (name, value) in overrides)
        {
            builder[name] = value.Clone();
        }

        return new SchedulerConfig(builder.ToImmutable());
    }

    /// <summary>Gets a value by name.</summary>
    public bool TryGetValue(string name, out JsonElement value) => Values.TryGetValue(name, out value);
}
