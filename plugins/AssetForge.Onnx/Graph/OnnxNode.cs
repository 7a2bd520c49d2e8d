namespace AssetForge.Onnx.Graph;

/// <summary>One operator application (ONNX NodeProto). An empty input name means an omitted optional input.</summary>
internal sealed record OnnxNode(
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    string Name,
    IReadOnlyList<OnnxAttribute> Attributes)
{
    /// <summary>The operator set domain; empty for the default ONNX domain.</summary>
    public string Domain { get; init; } = "";
}
