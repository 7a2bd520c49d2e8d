namespace AssetForge.Onnx.Pipeline;

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>A model input or output as the session's metadata declares it; a dimension below 1 is dynamic.</summary>
internal sealed record TensorSignature(string Name, TensorElementType ElementType, IReadOnlyList<int> Dimensions)
{
    public int Rank => Dimensions.Count;

    public static TensorSignature From(string name, NodeMetadata metadata) =>
        new(name, metadata.IsTensor ? metadata.ElementDataType : TensorElementType.DataTypeMax, metadata.Dimensions);

    public bool IsDynamic(int axis) => Dimensions[axis] < 1;

    public bool IsFloatingPoint => ElementType is TensorElementType.Float or TensorElementType.Float16;

    /// <summary>The ONNX name of the element type, for messages and <see cref="Abstractions.Models.ModelSessionInfo"/>.</summary>
    public string ElementTypeName => ElementType switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Float16 => "float16",
        TensorElementType.Double => "float64",
        TensorElementType.Int64 => "int64",
        TensorElementType.Int32 => "int32",
        _ => ElementType.ToString().ToLowerInvariant(),
    };
}
