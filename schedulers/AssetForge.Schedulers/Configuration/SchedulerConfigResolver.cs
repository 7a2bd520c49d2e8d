namespace AssetForge.Schedulers.Configuration;

using System.Globalization;
using System.Text.Json;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// Resolves a scheduler's effective configuration: defaults, then the model's
/// scheduler_config.json (keys the scheduler does not read are ignored, as diffusers'
/// <c>from_config</c> does), then the spec's scheduler_options (unknown keys are errors).
/// Values are normalised (numbers re-encoded, integers as integers) so that equal settings give
/// equal cache keys however they were written.
/// </summary>
internal sealed class SchedulerConfigResolver
{
    private readonly string _schedulerId;
    private readonly IReadOnlyList<OptionSpec> _options;
    private readonly Dictionary<string, OptionSpec> _byName;

    public SchedulerConfigResolver(string schedulerId, IReadOnlyList<OptionSpec> options)
    {
        _schedulerId = schedulerId;
        _options = options;
        _byName = options.ToDictionary(o => o.Name, StringComparer.Ordinal);
    }

    /// <summary>The public option descriptions, in declaration order.</summary>
    public IReadOnlyList<SchedulerOption> PublicOptions => _options.Select(o => o.Option).ToArray();

    public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides)
    {
        ArgumentNullException.ThrowIfNull(modelConfig);
        ArgumentNullException.ThrowIfNull(overrides);
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var option in _options)
        {
            using var document = JsonDocument.Parse(option.Option.DefaultValue);
            values[option.Name] = Normalize(option, document.RootElement, "default");
        }

        foreach (var (name, value) in modelConfig.Values)
        {
            if (_byName.TryGetValue(name, out var option))
            {
                values[name] = Normalize(option, value, "the model's scheduler_config.json");
            }
        }

        foreach (var (name, value) in overrides.Values)
        {
            if (!_byName.TryGetValue(name, out var option))
            {
                throw new SchedulerConfigException(
                    name,
                    $"Scheduler '{_schedulerId}' has no option '{name}'.{NameSuggestion.DidYouMean(name, _byName.Keys)}");
            }

            values[name] = Normalize(option, value, "scheduler_options");
        }

        return SchedulerConfig.From(values);
    }

    private JsonElement Normalize(OptionSpec spec, JsonElement value, string source)
    {
        var option = spec.Option;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return spec.Nullable ? value.Clone() : throw Bad(option, source, "may not be null");
        }

        switch (option.Kind)
        {
            case SchedulerOptionKind.Boolean:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? value.Clone()
                    : throw Bad(option, source, $"must be true or false, not {Describe(value)}");
            case SchedulerOptionKind.Integer:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number != Math.Floor(number) || Math.Abs(number) > int.MaxValue)
                {
                    throw Bad(option, source, $"must be a whole number, not {Describe(value)}");
                }

                CheckRange(spec, number, source);
                return JsonSerializer.SerializeToElement((long)number);
            case SchedulerOptionKind.Number:
                var real = ReadNumber(option, value, source);
                CheckRange(spec, real, source);
                return JsonSerializer.SerializeToElement(real);
            case SchedulerOptionKind.String:
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw Bad(option, source, $"must be a string, not {Describe(value)}");
                }

                var text = value.GetString()!;
                if (option.AllowedValues.Count > 0 && !option.AllowedValues.Contains(text, StringComparer.Ordinal))
                {
                    throw Bad(option, source,
                        $"must be one of {string.Join(", ", option.AllowedValues)}, not '{text}'.{NameSuggestion.DidYouMean(text, option.AllowedValues)}".TrimEnd('.'));
                }

                return value.Clone();
            case SchedulerOptionKind.NumberList:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    throw Bad(option, source, $"must be a list of numbers, not {Describe(value)}");
                }

                var list = new double[value.GetArrayLength()];
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    list[index] = ReadNumber(option, item, source);
                    CheckRange(spec, list[index], source);
                    index++;
                }

                return JsonSerializer.SerializeToElement(list);
            default:
                throw new InvalidOperationException($"Unknown option kind {option.Kind}.");
        }
    }

    private double ReadNumber(SchedulerOption option, JsonElement value, string source) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw Bad(option, source, $"must be a number, not {Describe(value)}");

    private void CheckRange(OptionSpec spec, double value, string source)
    {
        if (spec.Minimum is { } min && value < min)
        {
            throw Bad(spec.Option, source, $"must be at least {min.ToString(CultureInfo.InvariantCulture)}, not {value.ToString(CultureInfo.InvariantCulture)}");
        }

        if (spec.Maximum is { } max && value > max)
        {
            throw Bad(spec.Option, source, $"must be at most {max.ToString(CultureInfo.InvariantCulture)}, not {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private SchedulerConfigException Bad(SchedulerOption option, string source, string problem) =>
        new(option.Name, $"Scheduler '{_schedulerId}' option '{option.Name}' (from {source}) {problem}.");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"'{value.GetString()}'",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => value.GetRawText(),
    };
}
