namespace AssetForge.Onnx.Graph;

/// <summary>A computation graph (ONNX GraphProto): nodes in topological order, constant weights, inputs and outputs.</summary>
internal sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs)
{
    /// <summary>Encoded GraphProto fields this plugin does not interpret (value_info, doc_string, sparse initializers, ...), kept verbatim.</summary>
    public ReadOnlyMemory<byte> UnknownFields { get; init; }
}
