namespace AssetForge.Onnx.Graph;

/// <summary>ONNX's <c>AttributeProto.AttributeType</c> values this plugin writes.</summary>
internal enum OnnxAttributeType
{
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Floats = 6,
    Ints = 7,
}
