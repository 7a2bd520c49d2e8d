namespace AssetForge.Onnx.Graph;

/// <summary>A graph input or output: name, tensor element type and shape (ONNX ValueInfoProto).</summary>
internal sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDimension> Shape)
{
    /// <summary>
    /// The TypeProto exactly as read (it may hold what <see cref="ElementType"/> and
    /// <see cref="Shape"/> cannot: denotations, sequences, maps); written verbatim when set.
    /// </summary>
    public ReadOnlyMemory<byte>? EncodedType { get; init; }

    /// <summary>Encoded ValueInfoProto fields this plugin does not interpret (doc_string, ...), kept verbatim.</summary>
    public ReadOnlyMemory<byte> UnknownFields { get; init; }
}
