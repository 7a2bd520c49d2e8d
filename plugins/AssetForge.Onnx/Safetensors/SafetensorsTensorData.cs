namespace AssetForge.Onnx.Safetensors;

using System.Runtime.InteropServices;

/// <summary>A tensor to write: its name, element type, shape and little-endian bytes.</summary>
internal sealed record SafetensorsTensorData(string Name, SafetensorsDataType DataType, IReadOnlyList<long> Shape, ReadOnlyMemory<byte> Bytes)
{
    public static SafetensorsTensorData FromFloats(string name, ReadOnlySpan<float> values, params long[] shape) =>
        new(name, SafetensorsDataType.F32, shape, MemoryMarshal.AsBytes(values).ToArray());
}
