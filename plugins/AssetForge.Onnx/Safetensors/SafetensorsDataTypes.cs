namespace AssetForge.Onnx.Safetensors;

/// <summary>The header spelling and byte size of each <see cref="SafetensorsDataType"/>.</summary>
internal static class SafetensorsDataTypes
{
    public static bool TryParse(string text, out SafetensorsDataType dataType)
    {
        dataType = text switch
        {
            "F64" => SafetensorsDataType.F64,
            "F32" => SafetensorsDataType.F32,
            "F16" => SafetensorsDataType.F16,
            "BF16" => SafetensorsDataType.BF16,
            "I64" => SafetensorsDataType.I64,
            "I32" => SafetensorsDataType.I32,
            "I16" => SafetensorsDataType.I16,
            "I8" => SafetensorsDataType.I8,
            "U8" => SafetensorsDataType.U8,
            "BOOL" => SafetensorsDataType.Bool,
            _ => (SafetensorsDataType)(-1),
        };
        return dataType >= 0;
    }

    public static string Name(SafetensorsDataType dataType) => dataType == SafetensorsDataType.Bool ? "BOOL" : dataType.ToString();

    public static int ByteSize(SafetensorsDataType dataType) => dataType switch
    {
        SafetensorsDataType.F64 or SafetensorsDataType.I64 => 8,
        SafetensorsDataType.F32 or SafetensorsDataType.I32 => 4,
        SafetensorsDataType.F16 or SafetensorsDataType.BF16 or SafetensorsDataType.I16 => 2,
        _ => 1,
    };

    public static bool IsFloatingPoint(SafetensorsDataType dataType) =>
        dataType is SafetensorsDataType.F64 or SafetensorsDataType.F32 or SafetensorsDataType.F16 or SafetensorsDataType.BF16;
}
