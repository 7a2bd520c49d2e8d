namespace AssetForge.Onnx.Safetensors;

/// <summary>
/// One tensor's header entry, validated: <see cref="Offset"/> and <see cref="Length"/> are bytes
/// into the data section (after the header) and agree with the shape and element type.
/// </summary>
internal sealed record SafetensorsTensorInfo(string Name, SafetensorsDataType DataType, IReadOnlyList<long> Shape, long Offset, long Length)
{
    public long ElementCount => Length / SafetensorsDataTypes.ByteSize(DataType);
}
