namespace AssetForge.Onnx.Graph;

/// <summary>A computation graph (ONNX GraphProto): nodes in topological order, constant weights, inputs and outputs.</summary>
internal sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs);
