namespace AssetForge.Onnx.Safetensors;

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

/// <summary>
/// Writes a safetensors file: tensors in the order given, the header padded with spaces to a
/// multiple of 8 bytes as the reference implementation does, written to a temporary file and
/// renamed into place so a reader never sees half a file.
/// </summary>
internal static class SafetensorsWriter
{
    public static void Write(string path, IReadOnlyList<SafetensorsTensorData> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var headers = new List<(string Name, SafetensorsDataType DataType, IReadOnlyList<long> Shape)>(tensors.Count);
        foreach (var tensor in tensors)
        {
            headers.Add((tensor.Name, tensor.DataType, tensor.Shape));
        }

        Write(path, headers, (index, stream) => stream.Write(tensors[index].Bytes.Span), metadata);
    }

    /// <summary>
    /// Writes a file whose tensors' bytes <paramref name="writeData"/> writes one at a time, in
    /// order, each exactly its header's size: a large checkpoint never has to be in memory at once.
    /// </summary>
    public static void Write(string path, IReadOnlyList<(string Name, SafetensorsDataType DataType, IReadOnlyList<long> Shape)> tensors, Action<int, Stream> writeData, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (var tensor in tensors)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", SafetensorsDataTypes.Name(tensor.DataType));
                writer.WriteStartArray("shape");
                foreach (var dimension in tensor.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += ByteCount(tensor.DataType, tensor.Shape);
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var padding = (int)((8 - (json.Length % 8)) % 8);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(json.Length + padding));
                file.Write(length);
                file.Write(json.GetBuffer().AsSpan(0, (int)json.Length));
                file.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
                for (var index = 0; index < tensors.Count; index++)
                {
                    var start = file.Position;
                    writeData(index, file);
                    if (file.Position - start != ByteCount(tensors[index].DataType, tensors[index].Shape))
                    {
                        throw new InvalidOperationException($"Tensor '{tensors[index].Name}' was written with {file.Position - start} bytes, not the {ByteCount(tensors[index].DataType, tensors[index].Shape)} of its header.");
                    }
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static long ByteCount(SafetensorsDataType dataType, IReadOnlyList<long> shape)
    {
        long count = SafetensorsDataTypes.ByteSize(dataType);
        foreach (var dimension in shape)
        {
            count *= dimension;
        }

        return count;
    }
}
