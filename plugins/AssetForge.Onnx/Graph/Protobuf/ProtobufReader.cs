namespace AssetForge.Onnx.Graph.Protobuf;

using System.Buffers.Binary;

/// <summary>
/// A minimal protocol-buffers decoder (wire format only, no schema) over a block of memory.
/// Length-delimited values come back as slices of that memory, never copies, so reading a model
/// with gigabytes of inline weights does not duplicate them; every field's exact bytes are
/// available (<see cref="FieldBytes"/>), so a message can keep what it does not understand.
/// </summary>
internal struct ProtobufReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;
    private int _fieldStart;

    public ProtobufReader(ReadOnlyMemory<byte> data) => _data = data;

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>The encoded bytes (tag included) of the field read last, once its value has been read or skipped.</summary>
    public readonly ReadOnlyMemory<byte> FieldBytes => _data[_fieldStart.._position];

    /// <summary>Reads the next field's tag.</summary>
    /// <exception cref="InvalidDataException">The tag is malformed or uses a group (which ONNX never does).</exception>
    public (int Field, ProtobufWireType WireType) ReadTag()
    {
        _fieldStart = _position;
        var tag = ReadVarint();
        var field = tag >> 3;
        var wireType = (ProtobufWireType)(tag & 7);
        if (field is 0 or > int.MaxValue || wireType is ProtobufWireType.StartGroup or ProtobufWireType.EndGroup || (int)wireType > 5)
        {
            throw new InvalidDataException($"Malformed protobuf tag {tag} at byte {_fieldStart}.");
        }

        return ((int)field, wireType);
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        var span = _data.Span;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= span.Length)
            {
                throw new InvalidDataException("Truncated protobuf varint.");
            }

            var b = span[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("Malformed protobuf varint (more than ten bytes).");
    }

    public long ReadInt64() => unchecked((long)ReadVarint());

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4).Span);

    public ReadOnlyMemory<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new InvalidDataException($"A protobuf field of {length} bytes runs past the end of its message.");
        }

        return Take((int)length);
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadLengthDelimited().Span);

    /// <summary>Skips the value of a field with <paramref name="wireType"/>.</summary>
    public void Skip(ProtobufWireType wireType)
    {
        switch (wireType)
        {
            case ProtobufWireType.Varint:
                ReadVarint();
                break;
            case ProtobufWireType.Fixed64:
                Take(8);
                break;
            case ProtobufWireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case ProtobufWireType.Fixed32:
                Take(4);
                break;
            default:
                throw new InvalidDataException($"Unsupported protobuf wire type {wireType}.");
        }
    }

    /// <summary>Reads a repeated int64 field's value: one varint, or a packed run of them.</summary>
    public void ReadInt64s(ProtobufWireType wireType, List<long> values)
    {
        if (wireType == ProtobufWireType.Varint)
        {
            values.Add(ReadInt64());
            return;
        }

        ExpectLengthDelimited(wireType);
        var packed = new ProtobufReader(ReadLengthDelimited());
        while (!packed.AtEnd)
        {
            values.Add(packed.ReadInt64());
        }
    }

    /// <summary>Reads a repeated float field's value: one fixed32, or a packed run of them.</summary>
    public void ReadFloats(ProtobufWireType wireType, List<float> values)
    {
        if (wireType == ProtobufWireType.Fixed32)
        {
            values.Add(ReadFloat());
            return;
        }

        ExpectLengthDelimited(wireType);
        var packed = ReadLengthDelimited().Span;
        if (packed.Length % 4 != 0)
        {
            throw new InvalidDataException("A packed float field's length is not a multiple of 4.");
        }

        for (var i = 0; i < packed.Length; i += 4)
        {
            values.Add(BinaryPrimitives.ReadSingleLittleEndian(packed[i..]));
        }
    }

    public static void ExpectLengthDelimited(ProtobufWireType wireType)
    {
        if (wireType != ProtobufWireType.LengthDelimited)
        {
            throw new InvalidDataException($"Expected a length-delimited protobuf field, found wire type {wireType}.");
        }
    }

    private ReadOnlyMemory<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new InvalidDataException("Truncated protobuf field.");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
