namespace AssetForge.Schedulers.Configuration;

using System.Text.Json;
using AssetForge.Abstractions.Scheduling;

/// <summary>Typed reads from a resolved <see cref="SchedulerConfig"/>.</summary>
internal readonly struct OptionReader(SchedulerConfig config)
{
    public int GetInt32(string name) => Get(name).GetInt32();

    public double GetDouble(string name) => Get(name).GetDouble();

    public double? GetDoubleOrNull(string name) => Get(name) is { ValueKind: JsonValueKind.Null } ? null : Get(name).GetDouble();

    public bool GetBoolean(string name) => Get(name).GetBoolean();

    public string GetString(string name) => Get(name).GetString()!;

    public double[]? GetDoubleListOrNull(string name)
    {
        var value = Get(name);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var list = new double[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            list[i++] = item.GetDouble();
        }

        return list;
    }

    private JsonElement Get(string name) =>
        config.TryGetValue(name, out var value)
            ? value
            : throw new SchedulerConfigException(name, $"The scheduler configuration has no '{name}'; pass the result of Resolve to Create.");
}
