namespace AssetForge.Onnx.Graph;

using System.Runtime.InteropServices;

/// <summary>
/// A constant tensor (an initializer or a tensor attribute): little-endian raw bytes, or a
/// reference to them in an external data file. <see cref="RawData"/> may be a slice of a model
/// file that was read, so a large export's weights are not copied.
/// </summary>
internal sealed record OnnxTensor(string Name, OnnxElementType ElementType, IReadOnlyList<long> Dimensions, ReadOnlyMemory<byte> RawData)
{
    /// <summary>
    /// ONNX external data entries (<c>location</c>, <c>offset</c>, <c>length</c>, ...) exactly as read;
    /// null when the data is in the model. A tensor read with these is written back with them.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ExternalData { get; init; }

    /// <summary>Encoded TensorProto fields this plugin does not interpret (float_data, doc_string, ...), kept verbatim.</summary>
    public ReadOnlyMemory<byte> UnknownFields { get; init; }

    public static OnnxTensor FromFloats(string name, ReadOnlySpan<float> values, params long[] dimensions) =>
        new(name, OnnxElementType.Float, dimensions, ToLittleEndianBytes(values));

    public static OnnxTensor FromInt64s(string name, ReadOnlySpan<long> values, params long[] dimensions) =>
        new(name, OnnxElementType.Int64, dimensions, ToLittleEndianBytes(values));

    private static byte[] ToLittleEndianBytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Writing ONNX tensors needs a little-endian machine.");
        }

        return MemoryMarshal.AsBytes(values).ToArray();
    }
}
