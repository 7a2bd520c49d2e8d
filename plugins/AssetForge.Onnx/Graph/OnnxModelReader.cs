namespace AssetForge.Onnx.Graph;

using AssetForge.Onnx.Graph.Proto;
using Google.Protobuf;

/// <summary>
/// Reads an ONNX model file into ONNX's own ModelProto. Every field survives a read and a write,
/// those the schema subset does not declare too (Google.Protobuf keeps them as unknown fields),
/// so a rewritten export is the original plus the rewrite: this is what lets AssetForge change
/// any export's graph in memory. External data references stay references (the weights are not read).
/// </summary>
internal static class OnnxModelReader
{
    /// <summary>Reads a model from its encoded bytes.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ONNX model.</exception>
    public static ModelProto Read(ReadOnlyMemory<byte> model) => Parse(() => ModelProto.Parser.ParseFrom(model.Span));

    /// <summary>
    /// Reads a model file. Parsed from the stream, so inline weights are held once (in the
    /// message), never also as the file's bytes.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed ONNX model.</exception>
    public static ModelProto ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Parse(() => ModelProto.Parser.ParseFrom(stream));
    }

    private static ModelProto Parse(Func<ModelProto> parse)
    {
        ModelProto proto;
        try
        {
            proto = parse();
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"Not a well-formed ONNX model: {e.Message}", e);
        }

        if (proto.Graph is null)
        {
            throw new InvalidDataException("The ONNX model has no graph.");
        }

        foreach (var tensor in proto.Graph.Initializer)
        {
            // ONNX ignores external data entries without data_location = EXTERNAL; a rewrite must not guess which was meant.
            if (tensor.ExternalData.Count > 0 && tensor.DataLocation != TensorProto.Types.DataLocation.External)
            {
                throw new InvalidDataException($"Tensor '{tensor.Name}' lists external data but its data_location is {(int)tensor.DataLocation}.");
            }
        }

        return proto;
    }

    /// <summary>The model's default-domain (<c>ai.onnx</c>) operator set version; 1 when it names none, as ONNX says.</summary>
    public static long DefaultOpset(ModelProto model)
    {
        foreach (var opset in model.OpsetImport)
        {
            if (opset.Domain is "" or "ai.onnx")
            {
                return opset.Version;
            }
        }

        return 1;
    }
}
