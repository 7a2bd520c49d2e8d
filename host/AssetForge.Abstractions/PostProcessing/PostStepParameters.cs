namespace AssetForge.Abstractions.PostProcessing;

/// <summary>A post step's parameters: names to values as text (as written in YAML), sorted by name.</summary>
public sealed class PostStepParameters
{
    private readonly SortedDictionary<string, string> _values;

    /// <summary>Creates parameters from name/value pairs (a later duplicate name wins).</summary>
    public PostStepParameters(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            _values[name] = value;
        }
    }

    /// <summary>No parameters.</summary>
    public static PostStepParameters Empty { get; } = new([]);

    /// <summary>The parameters, ordered by name (ordinal).</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The value of <paramref name="name"/>, or null.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;
}
