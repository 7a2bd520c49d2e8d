namespace AssetForge.Onnx.Graph;

using System.Globalization;
using AssetForge.Onnx.Graph.Proto;
using Google.Protobuf;

/// <summary>
/// Turns an <see cref="OnnxModel"/> (what the graph builders make) into ONNX's ModelProto and
/// writes it, optionally with the initializers in an external data file beside the model (as
/// exports of large UNets do). The bytes are a pure function of the model: Google.Protobuf writes
/// fields in field-number order, and nothing varies (no timestamps).
/// </summary>
internal static class OnnxModelWriter
{
    /// <summary>Initializers smaller than this many bytes are written inline even when external data is asked for.</summary>
    public const int ExternalDataThreshold = 1024;

    /// <summary>Encodes a model with every initializer inline.</summary>
    public static byte[] Serialize(OnnxModel model) => ToProto(model, externalData: null).ToByteArray();

    /// <summary>The model as a ModelProto with every initializer inline (its bytes are wrapped, not copied).</summary>
    public static ModelProto ToProto(OnnxModel model) => ToProto(model, externalData: null);

    /// <summary>
    /// Writes <paramref name="modelPath"/> and, when <paramref name="externalDataFileName"/> is set,
    /// that file beside it holding the bytes of every initializer of at least <see cref="ExternalDataThreshold"/> bytes (ONNX external data, offsets aligned to 64).
    /// The weights go to the data file one tensor at a time, straight from the builder's memory:
    /// the ModelProto only names them, so it stays small whatever the model's size.
    /// The caller is responsible for atomicity (write into a temporary folder, then rename).
    /// </summary>
    public static void Write(OnnxModel model, string modelPath, string? externalDataFileName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (externalDataFileName is null)
        {
            WriteProto(ToProto(model, null), modelPath);
            return;
        }

        var dataPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, externalDataFileName);
        ModelProto proto;
        using (var data = new FileStream(dataPath, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            proto = ToProto(model, new ExternalData(externalDataFileName, data));
            data.Flush(flushToDisk: true);
        }

        WriteProto(proto, modelPath);
    }

    /// <summary>Writes a ModelProto (e.g. one read and rewritten) to a file.</summary>
    public static void WriteProto(ModelProto model, string modelPath)
    {
        using var stream = new FileStream(modelPath, FileMode.Create, FileAccess.Write, FileShare.None);
        model.WriteTo(stream);
    }

    private static ModelProto ToProto(OnnxModel model, ExternalData? externalData)
    {
        var proto = new ModelProto { IrVersion = model.IrVersion, Graph = ToProto(model.Graph, externalData) };
        if (model.ProducerName.Length > 0)
        {
            proto.ProducerName = model.ProducerName;
        }

        if (model.ProducerVersion.Length > 0)
        {
            proto.ProducerVersion = model.ProducerVersion;
        }

        if (model.DocString.Length > 0)
        {
            proto.DocString = model.DocString;
        }

        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = model.OpsetVersion });
        foreach (var (domain, version) in model.OtherOpsetImports)
        {
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        }

        return proto;
    }

    private static GraphProto ToProto(OnnxGraph graph, ExternalData? externalData)
    {
        var proto = new GraphProto { Name = graph.Name };
        foreach (var node in graph.Nodes)
        {
            proto.Node.Add(ToProto(node));
        }

        foreach (var tensor in graph.Initializers)
        {
            proto.Initializer.Add(ToProto(tensor, externalData));
        }

        foreach (var input in graph.Inputs)
        {
            proto.Input.Add(ToProto(input));
        }

        foreach (var output in graph.Outputs)
        {
            proto.Output.Add(ToProto(output));
        }

        return proto;
    }

    private static NodeProto ToProto(OnnxNode node)
    {
        var proto = new NodeProto { Name = node.Name, OpType = node.OpType };
        proto.Input.AddRange(node.Inputs);
        proto.Output.AddRange(node.Outputs);
        foreach (var attribute in node.Attributes)
        {
            proto.Attribute.Add(ToProto(attribute));
        }

        if (node.Domain.Length > 0)
        {
            proto.Domain = node.Domain;
        }

        return proto;
    }

    /// <summary>An attribute as ONNX encodes it.</summary>
    public static AttributeProto ToProto(OnnxAttribute attribute)
    {
        var proto = new AttributeProto { Name = attribute.Name, Type = (AttributeProto.Types.AttributeType)attribute.Type };
        switch (attribute.Type)
        {
            case OnnxAttributeType.Float:
                proto.F = attribute.FloatValue;
                break;
            case OnnxAttributeType.Int:
                proto.I = attribute.IntValue;
                break;
            case OnnxAttributeType.String:
                proto.S = ByteString.CopyFromUtf8(attribute.StringValue ?? "");
                break;
            case OnnxAttributeType.Tensor:
                proto.T = ToProto(attribute.TensorValue!, null);
                break;
            case OnnxAttributeType.Floats:
                proto.Floats.AddRange(attribute.Floats);
                break;
            case OnnxAttributeType.Ints:
                proto.Ints.AddRange(attribute.Ints);
                break;
        }

        return proto;
    }

    /// <summary>A tensor inline, its bytes wrapped rather than copied (the tensor's memory must outlive the proto's use).</summary>
    public static TensorProto ToProto(OnnxTensor tensor) => ToProto(tensor, null);

    private static TensorProto ToProto(OnnxTensor tensor, ExternalData? externalData)
    {
        var proto = new TensorProto { DataType = (int)tensor.ElementType, Name = tensor.Name };
        proto.Dims.AddRange(tensor.Dimensions);

        // Small tensors stay inline, as onnx.save's size_threshold does: shape inference needs
        // constant axes and shapes in the model file itself.
        if (externalData is null || tensor.RawData.Length < ExternalDataThreshold)
        {
            proto.RawData = UnsafeByteOperations.UnsafeWrap(tensor.RawData);
            return proto;
        }

        var offset = externalData.Append(tensor.RawData.Span);
        proto.ExternalData.Add(Entry("location", externalData.FileName));
        proto.ExternalData.Add(Entry("offset", offset.ToString(CultureInfo.InvariantCulture)));
        proto.ExternalData.Add(Entry("length", tensor.RawData.Length.ToString(CultureInfo.InvariantCulture)));
        proto.DataLocation = TensorProto.Types.DataLocation.External;
        return proto;
    }

    private static StringStringEntryProto Entry(string key, string value) => new() { Key = key, Value = value };

    private static ValueInfoProto ToProto(OnnxValueInfo value)
    {
        var shape = new TensorShapeProto();
        foreach (var dimension in value.Shape)
        {
            shape.Dim.Add(dimension.Parameter is { } name
                ? new TensorShapeProto.Types.Dimension { DimParam = name }
                : new TensorShapeProto.Types.Dimension { DimValue = dimension.Value ?? 0 });
        }

        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)value.ElementType, Shape = shape } };
        return new ValueInfoProto { Name = value.Name, Type = type };
    }

    private sealed class ExternalData(string fileName, Stream stream)
    {
        private const int Alignment = 64;

        public string FileName { get; } = fileName;

        public long Append(ReadOnlySpan<byte> bytes)
        {
            var padding = (int)((Alignment - (stream.Position % Alignment)) % Alignment);
            Span<byte> zeros = stackalloc byte[Alignment];
            zeros.Clear();
            stream.Write(zeros[..padding]);
            var offset = stream.Position;
            stream.Write(bytes);
            return offset;
        }
    }
}
