namespace AssetForge.Onnx.Tests.Graph;

using AssetForge.Onnx.Graph.Protobuf;

public sealed class ProtobufWriterTests
{
    [Test]
    public void Varints_use_seven_bits_per_byte_low_group_first()
    {
        var writer = new ProtobufWriter();
        writer.WriteVarintField(1, 300);
        Assert.That(writer.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 0x08, 0xAC, 0x02 }));
    }

    [Test]
    public void Negative_int64_values_take_ten_bytes()
    {
        var writer = new ProtobufWriter();
        writer.WriteInt64Field(3, -1);
        Assert.That(writer.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }));
    }

    [Test]
    public void Nested_messages_are_length_prefixed()
    {
        var writer = new ProtobufWriter();
        writer.WriteMessageField(7, "ab", static (w, s) => w.WriteStringField(2, s));
        Assert.That(writer.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 0x3A, 0x04, 0x12, 0x02, (byte)'a', (byte)'b' }));
    }

    [Test]
    public void Floats_are_fixed32_little_endian()
    {
        var writer = new ProtobufWriter();
        writer.WriteFloatField(2, 1f);
        Assert.That(writer.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 0x15, 0x00, 0x00, 0x80, 0x3F }));
    }
}
