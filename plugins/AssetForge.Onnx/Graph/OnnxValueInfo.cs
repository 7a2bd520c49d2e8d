namespace AssetForge.Onnx.Graph;

/// <summary>A graph input or output: name, tensor element type and shape (ONNX ValueInfoProto).</summary>
internal sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDimension> Shape);
