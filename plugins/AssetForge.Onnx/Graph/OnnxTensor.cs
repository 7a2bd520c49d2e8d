namespace AssetForge.Onnx.Graph;

using System.Runtime.InteropServices;

/// <summary>
/// A constant tensor (an initializer or a tensor attribute) as a graph builder makes it:
/// little-endian raw bytes, which the writer puts inline or streams into external data.
/// </summary>
internal sealed record OnnxTensor(string Name, OnnxElementType ElementType, IReadOnlyList<long> Dimensions, ReadOnlyMemory<byte> RawData)
{
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
