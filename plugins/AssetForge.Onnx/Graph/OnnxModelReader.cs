namespace AssetForge.Onnx.Graph;

using System.Buffers;
using System.Text;
using AssetForge.Onnx.Graph.Protobuf;

/// <summary>
/// Decodes an ONNX model (ModelProto) into <see cref="OnnxModel"/>: the main graph's nodes,
/// attributes, initializers (inline bytes as slices of the input, external data references as
/// they are), inputs and outputs. Every field it does not interpret (value_info, doc strings,
/// metadata, functions, sparse initializers, graph-valued attributes, ...) is kept as its encoded
/// bytes, so <see cref="OnnxModelWriter"/> writes back a model ONNX Runtime reads exactly as the
/// original: this is what lets AssetForge rewrite any export's graph in memory.
/// </summary>
internal static class OnnxModelReader
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

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a model file's bytes (the model keeps slices of <paramref name="model"/>: do not reuse the buffer).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ONNX model.</exception>
    public static OnnxModel Read(ReadOnlyMemory<byte> model)
    {
        var reader = new ProtobufReader(model);
        var unknown = new UnknownFields();
        long irVersion = 0;
        string producerName = "", producerVersion = "", docString = "";
        OnnxGraph? graph = null;
        long? defaultOpset = null;
        var otherOpsets = new List<KeyValuePair<string, long>>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case ModelIrVersion when wire == ProtobufWireType.Varint:
                    irVersion = reader.ReadInt64();
                    break;
                case ModelProducerName when wire == ProtobufWireType.LengthDelimited:
                    producerName = reader.ReadString();
                    break;
                case ModelProducerVersion when wire == ProtobufWireType.LengthDelimited:
                    producerVersion = reader.ReadString();
                    break;
                case ModelDocString when wire == ProtobufWireType.LengthDelimited:
                    docString = reader.ReadString();
                    break;
                case ModelGraph when wire == ProtobufWireType.LengthDelimited:
                    graph = ReadGraph(reader.ReadLengthDelimited());
                    break;
                case ModelOpsetImport when wire == ProtobufWireType.LengthDelimited:
                    var (domain, version) = ReadOpset(reader.ReadLengthDelimited());
                    if (domain is "" or "ai.onnx" && defaultOpset is null)
                    {
                        defaultOpset = version;
                    }
                    else
                    {
                        otherOpsets.Add(new(domain, version));
                    }

                    break;
                default:
                    reader.Skip(wire);
                    unknown.Add(reader.FieldBytes);
                    break;
            }
        }

        if (graph is null)
        {
            throw new InvalidDataException("The ONNX model has no graph.");
        }

        return new OnnxModel(graph)
        {
            IrVersion = irVersion,
            OpsetVersion = defaultOpset ?? 1,
            ProducerName = producerName,
            ProducerVersion = producerVersion,
            DocString = docString,
            OtherOpsetImports = otherOpsets,
            UnknownFields = unknown.ToMemory(),
        };
    }

    private static (string Domain, long Version) ReadOpset(ReadOnlyMemory<byte> message)
    {
        var reader = new ProtobufReader(message);
        var domain = "";
        long version = 0;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == OpsetDomain && wire == ProtobufWireType.LengthDelimited)
            {
                domain = reader.ReadString();
            }
            else if (field == OpsetVersion && wire == ProtobufWireType.Varint)
            {
                version = reader.ReadInt64();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (domain, version);
    }

    private static OnnxGraph ReadGraph(ReadOnlyMemory<byte> message)
    {
        var reader = new ProtobufReader(message);
        var unknown = new UnknownFields();
        var name = "";
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (wire != ProtobufWireType.LengthDelimited)
            {
                reader.Skip(wire);
                unknown.Add(reader.FieldBytes);
                continue;
            }

            switch (field)
            {
                case GraphNode:
                    nodes.Add(ReadNode(reader.ReadLengthDelimited()));
                    break;
                case GraphName:
                    name = reader.ReadString();
                    break;
                case GraphInitializer:
                    initializers.Add(ReadTensor(reader.ReadLengthDelimited()));
                    break;
                case GraphInput:
                    inputs.Add(ReadValueInfo(reader.ReadLengthDelimited()));
                    break;
                case GraphOutput:
                    outputs.Add(ReadValueInfo(reader.ReadLengthDelimited()));
                    break;
                default:
                    reader.Skip(wire);
                    unknown.Add(reader.FieldBytes);
                    break;
            }
        }

        return new OnnxGraph(name, nodes, initializers, inputs, outputs) { UnknownFields = unknown.ToMemory() };
    }

    private static OnnxNode ReadNode(ReadOnlyMemory<byte> message)
    {
        var reader = new ProtobufReader(message);
        var unknown = new UnknownFields();
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttribute>();
        string name = "", opType = "", domain = "";
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (wire != ProtobufWireType.LengthDelimited)
            {
                reader.Skip(wire);
                unknown.Add(reader.FieldBytes);
                continue;
            }

            switch (field)
            {
                case NodeInput:
                    inputs.Add(reader.ReadString());
                    break;
                case NodeOutput:
                    outputs.Add(reader.ReadString());
                    break;
                case NodeName:
                    name = reader.ReadString();
                    break;
                case NodeOpType:
                    opType = reader.ReadString();
                    break;
                case NodeAttribute:
                    attributes.Add(ReadAttribute(reader.ReadLengthDelimited()));
                    break;
                case NodeDomain:
                    domain = reader.ReadString();
                    break;
                default:
                    reader.Skip(wire);
                    unknown.Add(reader.FieldBytes);
                    break;
            }
        }

        return new OnnxNode(opType, inputs, outputs, name, attributes) { Domain = domain, UnknownFields = unknown.ToMemory() };
    }

    private static OnnxAttribute ReadAttribute(ReadOnlyMemory<byte> message)
    {
        // The type usually comes last, so fields are gathered first and sorted into "understood"
        // or "kept verbatim" once it is known: only the value field matching the type is written back typed.
        var reader = new ProtobufReader(message);
        var fields = new List<(int Field, ProtobufWireType Wire, ReadOnlyMemory<byte> Bytes)>();
        var name = "";
        long type = 0;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == AttrName && wire == ProtobufWireType.LengthDelimited)
            {
                name = reader.ReadString();
                continue;
            }

            if (field == AttrType && wire == ProtobufWireType.Varint)
            {
                type = reader.ReadInt64();
                continue;
            }

            reader.Skip(wire);
            fields.Add((field, wire, reader.FieldBytes));
        }

        var attributeType = (OnnxAttributeType)type;
        var unknown = new UnknownFields();
        float f = 0;
        long i = 0;
        string? s = null;
        OnnxTensor? t = null;
        var floats = new List<float>();
        var ints = new List<long>();
        foreach (var (field, wire, bytes) in fields)
        {
            var value = new ProtobufReader(bytes);
            value.ReadTag();
            switch (attributeType, field, wire)
            {
                case (OnnxAttributeType.Float, AttrF, ProtobufWireType.Fixed32):
                    f = value.ReadFloat();
                    break;
                case (OnnxAttributeType.Int, AttrI, ProtobufWireType.Varint):
                    i = value.ReadInt64();
                    break;
                case (OnnxAttributeType.String, AttrS, ProtobufWireType.LengthDelimited) when TryDecodeUtf8(value.ReadLengthDelimited().Span, out var text):
                    s = text;
                    break;
                case (OnnxAttributeType.Tensor, AttrT, ProtobufWireType.LengthDelimited):
                    t = ReadTensor(value.ReadLengthDelimited());
                    break;
                case (OnnxAttributeType.Floats, AttrFloats, ProtobufWireType.Fixed32 or ProtobufWireType.LengthDelimited):
                    value.ReadFloats(wire, floats);
                    break;
                case (OnnxAttributeType.Ints, AttrInts, ProtobufWireType.Varint or ProtobufWireType.LengthDelimited):
                    value.ReadInt64s(wire, ints);
                    break;
                default:
                    unknown.Add(bytes);
                    break;
            }
        }

        return OnnxAttribute.Read(name, attributeType, f, i, s, t, floats, ints, unknown.ToMemory());
    }

    private static OnnxTensor ReadTensor(ReadOnlyMemory<byte> message)
    {
        var reader = new ProtobufReader(message);
        var unknown = new UnknownFields();
        var dimensions = new List<long>();
        long dataType = 0;
        var name = "";
        ReadOnlyMemory<byte> raw = default;
        List<KeyValuePair<string, string>>? external = null;
        long location = 0;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case TensorDims when wire is ProtobufWireType.Varint or ProtobufWireType.LengthDelimited:
                    reader.ReadInt64s(wire, dimensions);
                    break;
                case TensorDataType when wire == ProtobufWireType.Varint:
                    dataType = reader.ReadInt64();
                    break;
                case TensorName when wire == ProtobufWireType.LengthDelimited:
                    name = reader.ReadString();
                    break;
                case TensorRawData when wire == ProtobufWireType.LengthDelimited:
                    raw = reader.ReadLengthDelimited();
                    break;
                case TensorExternalData when wire == ProtobufWireType.LengthDelimited:
                    (external ??= []).Add(ReadEntry(reader.ReadLengthDelimited()));
                    break;
                case TensorDataLocation when wire == ProtobufWireType.Varint:
                    location = reader.ReadInt64();
                    break;
                default:
                    reader.Skip(wire);
                    unknown.Add(reader.FieldBytes);
                    break;
            }
        }

        // External data entries without data_location = EXTERNAL are ignored by ONNX; keep them verbatim rather than promote them.
        if (external is not null && location != 1)
        {
            throw new InvalidDataException($"Tensor '{name}' lists external data but its data_location is {location}.");
        }

        return new OnnxTensor(name, (OnnxElementType)dataType, dimensions, raw) { ExternalData = external, UnknownFields = unknown.ToMemory() };
    }

    private static KeyValuePair<string, string> ReadEntry(ReadOnlyMemory<byte> message)
    {
        var reader = new ProtobufReader(message);
        string key = "", value = "";
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == EntryKey && wire == ProtobufWireType.LengthDelimited)
            {
                key = reader.ReadString();
            }
            else if (field == EntryValue && wire == ProtobufWireType.LengthDelimited)
            {
                value = reader.ReadString();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return new(key, value);
    }

    private static OnnxValueInfo ReadValueInfo(ReadOnlyMemory<byte> message)
    {
        var reader = new ProtobufReader(message);
        var unknown = new UnknownFields();
        var name = "";
        ReadOnlyMemory<byte>? encodedType = null;
        var elementType = (OnnxElementType)0;
        var shape = new List<OnnxDimension>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == ValueInfoName && wire == ProtobufWireType.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else if (field == ValueInfoType && wire == ProtobufWireType.LengthDelimited)
            {
                var type = reader.ReadLengthDelimited();
                encodedType = type;
                elementType = ReadTensorType(type, shape);
            }
            else
            {
                reader.Skip(wire);
                unknown.Add(reader.FieldBytes);
            }
        }

        return new OnnxValueInfo(name, elementType, shape) { EncodedType = encodedType, UnknownFields = unknown.ToMemory() };
    }

    // Best effort, for information only: the TypeProto itself is written back verbatim.
    private static OnnxElementType ReadTensorType(ReadOnlyMemory<byte> typeProto, List<OnnxDimension> shape)
    {
        var elementType = (OnnxElementType)0;
        var type = new ProtobufReader(typeProto);
        while (!type.AtEnd)
        {
            var (field, wire) = type.ReadTag();
            if (field != TypeTensorType || wire != ProtobufWireType.LengthDelimited)
            {
                type.Skip(wire);
                continue;
            }

            var tensor = new ProtobufReader(type.ReadLengthDelimited());
            while (!tensor.AtEnd)
            {
                var (tensorField, tensorWire) = tensor.ReadTag();
                if (tensorField == TensorTypeElemType && tensorWire == ProtobufWireType.Varint)
                {
                    elementType = (OnnxElementType)tensor.ReadInt64();
                }
                else if (tensorField == TensorTypeShape && tensorWire == ProtobufWireType.LengthDelimited)
                {
                    ReadShape(tensor.ReadLengthDelimited(), shape);
                }
                else
                {
                    tensor.Skip(tensorWire);
                }
            }
        }

        return elementType;
    }

    private static void ReadShape(ReadOnlyMemory<byte> shapeProto, List<OnnxDimension> shape)
    {
        var reader = new ProtobufReader(shapeProto);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field != ShapeDim || wire != ProtobufWireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            var dimension = new ProtobufReader(reader.ReadLengthDelimited());
            OnnxDimension value = default;
            while (!dimension.AtEnd)
            {
                var (dimField, dimWire) = dimension.ReadTag();
                if (dimField == DimValue && dimWire == ProtobufWireType.Varint)
                {
                    value = OnnxDimension.Fixed(dimension.ReadInt64());
                }
                else if (dimField == DimParam && dimWire == ProtobufWireType.LengthDelimited)
                {
                    value = OnnxDimension.Symbolic(dimension.ReadString());
                }
                else
                {
                    dimension.Skip(dimWire);
                }
            }

            shape.Add(value);
        }
    }

    private static bool TryDecodeUtf8(ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>Encoded fields kept verbatim, in the order they were read.</summary>
    private sealed class UnknownFields
    {
        private ArrayBufferWriter<byte>? _buffer;

        public void Add(ReadOnlyMemory<byte> field) => (_buffer ??= new ArrayBufferWriter<byte>(field.Length)).Write(field.Span);

        public ReadOnlyMemory<byte> ToMemory() => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.WrittenMemory;
    }
}
