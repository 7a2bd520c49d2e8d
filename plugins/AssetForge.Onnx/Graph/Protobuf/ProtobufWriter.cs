namespace AssetForge.Onnx.Graph.Protobuf;

using System.Buffers;
using System.Buffers.Binary;
using System.Text;

/// <summary>
/// A minimal protocol-buffers encoder (wire format only, no schema): enough to write ONNX's
/// messages without a protobuf package. Fields are written in the order the caller writes them,
/// so the bytes are a pure function of the calls: the same model always gives the same file.
/// </summary>
internal sealed class ProtobufWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public ProtobufWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public int Length => _buffer.WrittenCount;

    public void WriteVarintField(int field, ulong value)
    {
        WriteTag(field, WireType.Varint);
        WriteVarint(value);
    }

    /// <summary>Writes a signed integer (int32/int64 fields: negative values take ten bytes, as protobuf specifies).</summary>
    public void WriteInt64Field(int field, long value) => WriteVarintField(field, unchecked((ulong)value));

    public void WriteFloatField(int field, float value)
    {
        WriteTag(field, WireType.Fixed32);
        var span = _buffer.GetSpan(4);
        BinaryPrimitives.WriteSingleLittleEndian(span, value);
        _buffer.Advance(4);
    }

    public void WriteStringField(int field, string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)byteCount);
        var span = _buffer.GetSpan(byteCount);
        Encoding.UTF8.GetBytes(value, span);
        _buffer.Advance(byteCount);
    }

    public void WriteBytesField(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    /// <summary>Appends already-encoded fields (e.g. those a reader kept verbatim).</summary>
    public void WriteRaw(ReadOnlySpan<byte> encodedFields) => _buffer.Write(encodedFields);

    /// <summary>Writes a nested message: encoded into its own buffer first, because its length prefix comes before it.</summary>
    public void WriteMessageField<T>(int field, T state, Action<ProtobufWriter, T> writeMessage)
    {
        var nested = new ProtobufWriter();
        writeMessage(nested, state);
        WriteBytesField(field, nested.WrittenSpan);
    }

    /// <summary>Writes a packed repeated int64 field (one length-delimited record of varints).</summary>
    public void WritePackedInt64Field(int field, ReadOnlySpan<long> values)
    {
        var nested = new ProtobufWriter(values.Length * 2);
        foreach (var value in values)
        {
            nested.WriteVarint(unchecked((ulong)value));
        }

        WriteBytesField(field, nested.WrittenSpan);
    }

    private void WriteTag(int field, WireType wireType) => WriteVarint(((ulong)(uint)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    private enum WireType
    {
        Varint = 0,
        LengthDelimited = 2,
        Fixed32 = 5,
    }
}
