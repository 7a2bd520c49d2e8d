namespace AssetForge.Onnx.Graph;

using System.Globalization;
using AssetForge.Onnx.Graph.Protobuf;

/// <summary>
/// Serializes an <see cref="OnnxModel"/> to ONNX's protobuf encoding, optionally with the
/// initializers in an external data file beside the model (as exports of large UNets do).
/// The bytes are a pure function of the model: fields in field-number order, no timestamps.
/// Fields a model read by <see cref="OnnxModelReader"/> kept verbatim are written after the
/// understood ones of the same message (protobuf readers accept fields in any order).
/// </summary>
internal static class OnnxModelWriter
{
    // Field numbers from onnx.proto.
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelDocString = 6, ModelGraph = 7, ModelOpsetImport = 8;
    private const int OpsetDomain = 1, OpsetVersion = 2;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
    private const int AttrName = 1, AttrF = 2, AttrI = 3, AttrS = 4, AttrT = 5, AttrFloats = 7, AttrInts = 8, AttrType = 20;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9, TensorExternalData = 13, TensorDataLocation = 14;
    private const int EntryKey = 1, EntryValue = 2;
    private const int ValueInfoName = 1, ValueInfoType = 2;
    private const int TypeTensorType = 1, TensorTypeElemType = 1, TensorTypeShape = 2;
    private const int ShapeDim = 1, DimValue = 1, DimParam = 2;

    /// <summary>Initializers smaller than this many bytes are written inline even when external data is asked for.</summary>
    public const int ExternalDataThreshold = 1024;

    /// <summary>Encodes a model with every initializer inline.</summary>
    public static byte[] Serialize(OnnxModel model) => Serialize(model, externalData: null);

    /// <summary>
    /// Writes <paramref name="modelPath"/> and, when <paramref name="externalDataFileName"/> is set,
    /// that file beside it holding the bytes of every initializer of at least <see cref="ExternalDataThreshold"/> bytes (ONNX external data, offsets aligned to 64).
    /// The caller is responsible for atomicity (write into a temporary folder, then rename).
    /// </summary>
    public static void Write(OnnxModel model, string modelPath, string? externalDataFileName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (externalDataFileName is null)
        {
            File.WriteAllBytes(modelPath, Serialize(model, null));
            return;
        }

        var dataPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, externalDataFileName);
        using var data = new FileStream(dataPath, FileMode.Create, FileAccess.Write, FileShare.None);
        var external = new ExternalData(externalDataFileName, data);
        var bytes = Serialize(model, external);
        data.Flush(flushToDisk: true);
        File.WriteAllBytes(modelPath, bytes);
    }

    private static byte[] Serialize(OnnxModel model, ExternalData? externalData)
    {
        var writer = new ProtobufWriter(4096);
        writer.WriteInt64Field(ModelIrVersion, model.IrVersion);
        if (model.ProducerName.Length > 0)
        {
            writer.WriteStringField(ModelProducerName, model.ProducerName);
        }

        if (model.ProducerVersion.Length > 0)
        {
            writer.WriteStringField(ModelProducerVersion, model.ProducerVersion);
        }

        if (model.DocString.Length > 0)
        {
            writer.WriteStringField(ModelDocString, model.DocString);
        }

        writer.WriteMessageField(ModelGraph, (model.Graph, externalData), static (w, s) => WriteGraph(w, s.Graph, s.externalData));
        writer.WriteMessageField(ModelOpsetImport, model.OpsetVersion, static (w, version) =>
        {
            w.WriteStringField(OpsetDomain, "");
            w.WriteInt64Field(OpsetVersion, version);
        });
        foreach (var opset in model.OtherOpsetImports)
        {
            writer.WriteMessageField(ModelOpsetImport, opset, static (w, o) =>
            {
                w.WriteStringField(OpsetDomain, o.Key);
                w.WriteInt64Field(OpsetVersion, o.Value);
            });
        }

        writer.WriteRaw(model.UnknownFields.Span);
        return writer.WrittenSpan.ToArray();
    }

    private static void WriteGraph(ProtobufWriter writer, OnnxGraph graph, ExternalData? externalData)
    {
        foreach (var node in graph.Nodes)
        {
            writer.WriteMessageField(GraphNode, node, WriteNode);
        }

        writer.WriteStringField(GraphName, graph.Name);
        foreach (var tensor in graph.Initializers)
        {
            writer.WriteMessageField(GraphInitializer, (tensor, externalData), static (w, s) => WriteTensor(w, s.tensor, s.externalData));
        }

        foreach (var input in graph.Inputs)
        {
            writer.WriteMessageField(GraphInput, input, WriteValueInfo);
        }

        foreach (var output in graph.Outputs)
        {
            writer.WriteMessageField(GraphOutput, output, WriteValueInfo);
        }

        writer.WriteRaw(graph.UnknownFields.Span);
    }

    private static void WriteNode(ProtobufWriter writer, OnnxNode node)
    {
        foreach (var input in node.Inputs)
        {
            writer.WriteStringField(NodeInput, input);
        }

        foreach (var output in node.Outputs)
        {
            writer.WriteStringField(NodeOutput, output);
        }

        writer.WriteStringField(NodeName, node.Name);
        writer.WriteStringField(NodeOpType, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            writer.WriteMessageField(NodeAttribute, attribute, WriteAttribute);
        }

        if (node.Domain.Length > 0)
        {
            writer.WriteStringField(NodeDomain, node.Domain);
        }

        writer.WriteRaw(node.UnknownFields.Span);
    }

    private static void WriteAttribute(ProtobufWriter writer, OnnxAttribute attribute)
    {
        writer.WriteStringField(AttrName, attribute.Name);
        switch (attribute.Type)
        {
            case OnnxAttributeType.Float:
                writer.WriteFloatField(AttrF, attribute.FloatValue);
                break;
            case OnnxAttributeType.Int:
                writer.WriteInt64Field(AttrI, attribute.IntValue);
                break;
            case OnnxAttributeType.String:
                if (attribute.StringValue is { } text)
                {
                    writer.WriteStringField(AttrS, text);
                }

                break;
            case OnnxAttributeType.Tensor:
                if (attribute.TensorValue is { } tensor)
                {
                    writer.WriteMessageField(AttrT, tensor, static (w, t) => WriteTensor(w, t, null));
                }

                break;
            case OnnxAttributeType.Floats:
                foreach (var value in attribute.Floats)
                {
                    writer.WriteFloatField(AttrFloats, value);
                }

                break;
            case OnnxAttributeType.Ints:
                foreach (var value in attribute.Ints)
                {
                    writer.WriteInt64Field(AttrInts, value);
                }

                break;
            default:
                // Graphs, string and tensor lists, ...: their values are among the verbatim fields.
                break;
        }

        writer.WriteInt64Field(AttrType, (long)attribute.Type);
        writer.WriteRaw(attribute.UnknownFields.Span);
    }

    private static void WriteTensor(ProtobufWriter writer, OnnxTensor tensor, ExternalData? externalData)
    {
        foreach (var dimension in tensor.Dimensions)
        {
            writer.WriteInt64Field(TensorDims, dimension);
        }

        writer.WriteInt64Field(TensorDataType, (long)tensor.ElementType);
        writer.WriteStringField(TensorName, tensor.Name);
        WriteTensorData(writer, tensor, externalData);
        writer.WriteRaw(tensor.UnknownFields.Span);
    }

    private static void WriteTensorData(ProtobufWriter writer, OnnxTensor tensor, ExternalData? externalData)
    {
        // A tensor read with external data keeps pointing at it: the weights are never rewritten.
        if (tensor.ExternalData is { } entries)
        {
            foreach (var (key, value) in entries)
            {
                WriteEntry(writer, key, value);
            }

            writer.WriteInt64Field(TensorDataLocation, 1);
            return;
        }

        // Small tensors stay inline, as onnx.save's size_threshold does: shape inference needs
        // constant axes and shapes in the model file itself.
        if (externalData is null || tensor.RawData.Length < ExternalDataThreshold)
        {
            // A read tensor whose values are in float_data/int64_data (kept verbatim) has no raw_data to write.
            if (tensor.RawData.Length > 0 || tensor.UnknownFields.IsEmpty)
            {
                writer.WriteBytesField(TensorRawData, tensor.RawData.Span);
            }

            return;
        }

        var offset = externalData.Append(tensor.RawData.Span);
        WriteEntry(writer, "location", externalData.FileName);
        WriteEntry(writer, "offset", offset.ToString(CultureInfo.InvariantCulture));
        WriteEntry(writer, "length", tensor.RawData.Length.ToString(CultureInfo.InvariantCulture));
        writer.WriteInt64Field(TensorDataLocation, 1);
    }

    private static void WriteEntry(ProtobufWriter writer, string key, string value) =>
        writer.WriteMessageField(TensorExternalData, (key, value), static (w, e) =>
        {
            w.WriteStringField(EntryKey, e.key);
            w.WriteStringField(EntryValue, e.value);
        });

    private static void WriteValueInfo(ProtobufWriter writer, OnnxValueInfo value)
    {
        writer.WriteStringField(ValueInfoName, value.Name);
        if (value.EncodedType is { } encodedType)
        {
            writer.WriteBytesField(ValueInfoType, encodedType.Span);
            writer.WriteRaw(value.UnknownFields.Span);
            return;
        }

        writer.WriteMessageField(ValueInfoType, value, static (w, v) =>
            w.WriteMessageField(TypeTensorType, v, static (tw, tv) =>
            {
                tw.WriteInt64Field(TensorTypeElemType, (long)tv.ElementType);
                tw.WriteMessageField(TensorTypeShape, tv.Shape, static (sw, shape) =>
                {
                    foreach (var dimension in shape)
                    {
                        sw.WriteMessageField(ShapeDim, dimension, static (dw, d) =>
                        {
                            if (d.Parameter is { } name)
                            {
                                dw.WriteStringField(DimParam, name);
                            }
                            else
                            {
                                dw.WriteInt64Field(DimValue, d.Value ?? 0);
                            }
                        });
                    }
                });
            }));
        writer.WriteRaw(value.UnknownFields.Span);
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
