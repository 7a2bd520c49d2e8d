namespace AssetForge.Onnx.Safetensors;

using System.Text.Json;

/// <summary>
/// The parsed, validated JSON header of a safetensors file. Every check that keeps a lying header
/// from reaching memory is here: sizes are computed with overflow checks, offsets must lie inside
/// the data section, agree with shape × element size, and not overlap.
/// </summary>
internal sealed record SafetensorsHeader(IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The safetensors format's own limit: a header is JSON text, never the weights.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    private const int MaxRank = 8;

    /// <summary>Parses <paramref name="json"/>; <paramref name="dataLength"/> is the byte count after the header.</summary>
    /// <exception cref="SafetensorsFormatException">The header is not valid JSON or describes tensors the data cannot hold.</exception>
    public static SafetensorsHeader Parse(string path, ReadOnlySpan<byte> json, long dataLength)
    {
        var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var sawMetadata = false;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            Expect(path, reader.Read() && reader.TokenType == JsonTokenType.StartObject, "the header is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                Expect(path, !tensors.ContainsKey(name) && !(name == "__metadata__" && sawMetadata), $"'{name}' appears twice in the header");
                Expect(path, reader.Read(), "the header ends early");
                if (name == "__metadata__")
                {
                    ReadMetadata(path, ref reader, metadata);
                    sawMetadata = true;
                }
                else
                {
                    tensors.Add(name, ReadTensor(path, ref reader, name, dataLength));
                }
            }

            Expect(path, reader.TokenType == JsonTokenType.EndObject, "the header is not a JSON object of tensors");
            Expect(path, !reader.Read(), "text follows the header's JSON object");
        }
        catch (JsonException exception)
        {
            throw new SafetensorsFormatException(path, $"the header is not valid JSON ({exception.Message})");
        }

        RejectOverlaps(path, tensors.Values);
        return new SafetensorsHeader(tensors, metadata);
    }

    private static void ReadMetadata(string path, ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        Expect(path, reader.TokenType == JsonTokenType.StartObject, "__metadata__ is not an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            Expect(path, reader.Read() && reader.TokenType == JsonTokenType.String, $"__metadata__ entry '{key}' is not a string");
            Expect(path, metadata.TryAdd(key, reader.GetString()!), $"__metadata__ entry '{key}' appears twice");
        }
    }

    private static SafetensorsTensorInfo ReadTensor(string path, ref Utf8JsonReader reader, string name, long dataLength)
    {
        Expect(path, reader.TokenType == JsonTokenType.StartObject, $"tensor '{name}' is not an object");
        string? dtype = null;
        List<long>? shape = null;
        List<long>? offsets = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.GetString()!;
            Expect(path, reader.Read(), "the header ends early");
            switch (field)
            {
                case "dtype" when dtype is null:
                    Expect(path, reader.TokenType == JsonTokenType.String, $"tensor '{name}': dtype is not a string");
                    dtype = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(path, ref reader, name, field);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(path, ref reader, name, field);
                    break;
                default:
                    throw new SafetensorsFormatException(path, $"tensor '{name}': unexpected or repeated field '{field}'");
            }
        }

        Expect(path, dtype is not null && shape is not null && offsets is not null, $"tensor '{name}' lacks dtype, shape or data_offsets");
        Expect(path, SafetensorsDataTypes.TryParse(dtype!, out var dataType), $"tensor '{name}' has unknown dtype '{dtype}'");
        Expect(path, shape!.Count <= MaxRank, $"tensor '{name}' has {shape.Count} dimensions");
        Expect(path, offsets!.Count == 2, $"tensor '{name}': data_offsets must be [begin, end]");
        var (begin, end) = (offsets[0], offsets[1]);
        Expect(path, begin <= end && end <= dataLength, $"tensor '{name}': data_offsets [{begin}, {end}] lie outside the {dataLength} bytes of data");

        var bytes = (long)SafetensorsDataTypes.ByteSize(dataType);
        foreach (var dimension in shape)
        {
            // end - begin bounds the product, so the check before each multiplication avoids any overflow.
            Expect(path, dimension == 0 || bytes <= (end - begin) / dimension, $"tensor '{name}': shape [{string.Join(", ", shape)}] needs more than the {end - begin} bytes it is given");
            bytes *= dimension;
        }

        Expect(path, bytes == end - begin, $"tensor '{name}': shape [{string.Join(", ", shape)}] of {SafetensorsDataTypes.Name(dataType)} needs {bytes} bytes, data_offsets give {end - begin}");
        return new SafetensorsTensorInfo(name, dataType, shape, begin, end - begin);
    }

    private static List<long> ReadIntegers(string path, ref Utf8JsonReader reader, string name, string field)
    {
        Expect(path, reader.TokenType == JsonTokenType.StartArray, $"tensor '{name}': {field} is not a list");
        var values = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(path, reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= 0, $"tensor '{name}': {field} holds something other than non-negative integers");
            Expect(path, values.Count < MaxRank, $"tensor '{name}': {field} is too long");
            values.Add(reader.GetInt64());
        }

        return values;
    }

    private static void RejectOverlaps(string path, IEnumerable<SafetensorsTensorInfo> tensors)
    {
        var sorted = new List<SafetensorsTensorInfo>();
        foreach (var tensor in tensors)
        {
            // Empty tensors occupy no bytes and may share an offset with anything.
            if (tensor.Length > 0)
            {
                sorted.Add(tensor);
            }
        }

        sorted.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
        for (var i = 1; i < sorted.Count; i++)
        {
            var previous = sorted[i - 1];
            if (sorted[i].Offset < previous.Offset + previous.Length)
            {
                throw new SafetensorsFormatException(path, $"tensors '{previous.Name}' and '{sorted[i].Name}' overlap in the data");
            }
        }
    }

    private static void Expect(string path, bool condition, string reason)
    {
        if (!condition)
        {
            throw new SafetensorsFormatException(path, reason);
        }
    }
}
