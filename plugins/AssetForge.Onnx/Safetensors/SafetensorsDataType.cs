namespace AssetForge.Onnx.Safetensors;

/// <summary>
/// The element types a safetensors header may name. Only the floating-point ones are converted to
/// weights; the integer ones are recognised so that a checkpoint carrying, say, int64
/// <c>position_ids</c> still opens.
/// </summary>
internal enum SafetensorsDataType
{
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U8,
    Bool,
}
