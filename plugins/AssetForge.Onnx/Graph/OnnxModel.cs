namespace AssetForge.Onnx.Graph;

/// <summary>
/// An ONNX model as the graph builders make it: a graph plus the versions it needs.
/// <see cref="OnnxModelWriter"/> turns it into ONNX's ModelProto; models that are read (exports)
/// stay ModelProto (<see cref="OnnxModelReader"/>).
/// </summary>
internal sealed record OnnxModel(OnnxGraph Graph)
{
    /// <summary>ONNX IR version 8 (ONNX 1.10+), which every supported ONNX Runtime reads.</summary>
    public long IrVersion { get; init; } = 8;

    /// <summary>The default-domain operator set version.</summary>
    public long OpsetVersion { get; init; } = 17;

    public string ProducerName { get; init; } = "AssetForge";

    public string ProducerVersion { get; init; } = "1";

    public string DocString { get; init; } = "";

    /// <summary>Operator sets of other domains (e.g. <c>com.microsoft</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> OtherOpsetImports { get; init; } = [];
}
