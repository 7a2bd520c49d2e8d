namespace AssetForge.Onnx.Graph;

/// <summary>ONNX's <c>TensorProto.DataType</c> values this plugin writes.</summary>
internal enum OnnxElementType
{
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
    Float16 = 10,
    Double = 11,
}
