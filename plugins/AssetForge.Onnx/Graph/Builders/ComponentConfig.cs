namespace AssetForge.Onnx.Graph.Builders;

using System.Text.Json;
using AssetForge.Abstractions.Plugins;

/// <summary>
/// A component's <c>config.json</c> (diffusers' ConfigMixin output), read with the defaults of
/// the diffusers class it configures. Settings this builder cannot honour are refused by name.
/// </summary>
internal sealed class ComponentConfig
{
    private readonly JsonElement _root;

    private ComponentConfig(string path, JsonElement root)
    {
        Path = path;
        _root = root;
    }

    /// <summary>AF3203 in the registry: a configuration this builder does not support or cannot read.</summary>
    public static readonly string ErrorCode = DiagnosticCode.ComponentConfigUnsupported;

    public string Path { get; }

    /// <exception cref="PluginException">AF3203: the file is missing or not a JSON object.</exception>
    public static ComponentConfig Load(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new PluginException(ErrorCode, $"{path}: a component config must be a JSON object.");
            }

            return new ComponentConfig(path, document.RootElement.Clone());
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new PluginException(ErrorCode, $"{path}: cannot read the component config: {exception.Message}", exception);
        }
    }

    public static ComponentConfig FromJson(string path, string json)
    {
        using var document = JsonDocument.Parse(json);
        return new ComponentConfig(path, document.RootElement.Clone());
    }

    public bool IsSet(string key) => _root.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;

    public int Int(string key, int fallback) => IsSet(key) ? Checked(key, _root.GetProperty(key), JsonValueKind.Number).GetInt32() : fallback;

    public float Float(string key, float fallback) => IsSet(key) ? (float)Checked(key, _root.GetProperty(key), JsonValueKind.Number).GetDouble() : fallback;

    public bool Bool(string key, bool fallback)
    {
        if (!IsSet(key))
        {
            return fallback;
        }

        var value = _root.GetProperty(key);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Unsupported(key, value),
        };
    }

    public string String(string key, string fallback) => IsSet(key) ? Checked(key, _root.GetProperty(key), JsonValueKind.String).GetString()! : fallback;

    public IReadOnlyList<string> Strings(string key, IReadOnlyList<string> fallback)
    {
        if (!IsSet(key))
        {
            return fallback;
        }

        var list = new List<string>();
        foreach (var item in Checked(key, _root.GetProperty(key), JsonValueKind.Array).EnumerateArray())
        {
            list.Add(Checked(key, item, JsonValueKind.String).GetString()!);
        }

        return list;
    }

    /// <summary>An int list, or one int repeated <paramref name="count"/> times (diffusers accepts both for per-block settings).</summary>
    public IReadOnlyList<int> Ints(string key, IReadOnlyList<int> fallback, int count = 0)
    {
        if (!IsSet(key))
        {
            return fallback;
        }

        var value = _root.GetProperty(key);
        if (value.ValueKind == JsonValueKind.Number && count > 0)
        {
            var repeated = new int[count];
            Array.Fill(repeated, value.GetInt32());
            return repeated;
        }

        var list = new List<int>();
        foreach (var item in Checked(key, value, JsonValueKind.Array).EnumerateArray())
        {
            list.Add(Checked(key, item, JsonValueKind.Number).GetInt32());
        }

        return list;
    }

    /// <summary>Refuses a setting whose value this builder cannot reproduce.</summary>
    public void Require(string key, bool supported, string what)
    {
        if (!supported)
        {
            throw new PluginException(ErrorCode, $"{Path}: '{key}' {what} is not supported by AssetForge's graph builder.");
        }
    }

    private JsonElement Checked(string key, JsonElement value, JsonValueKind kind) =>
        value.ValueKind == kind ? value : throw Unsupported(key, value);

    private PluginException Unsupported(string key, JsonElement value) =>
        new(ErrorCode, $"{Path}: '{key}' has the value {value.GetRawText()}, which AssetForge's graph builder cannot use.");
}
