namespace AssetForge.Onnx.Tests.Safetensors;

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using AssetForge.Onnx.Safetensors;
using AssetForge.Onnx.Tests.Support;

public sealed class SafetensorsFileTests
{
    [Test]
    public void Float32_tensors_written_by_the_writer_read_back_with_their_shape_and_values()
    {
        float[] values = [1f, -2.5f, 3.25f, 1e-7f, 65504f, -0f];
        var path = Write([SafetensorsTensorData.FromFloats("w", values, 2, 3)]);

        using var file = SafetensorsFile.Open(path);

        Assert.That(file.Tensors["w"].Shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(file.ReadFloats("w"), Is.EqualTo(values));
    }

    [Test]
    public void Float16_tensors_widen_to_the_same_float32_values()
    {
        Half[] halves = [(Half)1f, (Half)(-0.333f), (Half)65504f, Half.Epsilon];
        var path = Write([new SafetensorsTensorData("h", SafetensorsDataType.F16, [4], MemoryMarshal.AsBytes(halves.AsSpan()).ToArray())]);

        using var file = SafetensorsFile.Open(path);

        Assert.That(file.ReadFloats("h"), Is.EqualTo(Array.ConvertAll(halves, h => (float)h)));
    }

    [Test]
    public void Bfloat16_tensors_widen_to_the_float32_with_the_same_top_sixteen_bits()
    {
        float[] exact = [1f, -3.140625f, 1.5e30f, -2.0e-30f];
        var top = Array.ConvertAll(exact, f => (ushort)(BitConverter.SingleToUInt32Bits(f) >> 16));
        var path = Write([new SafetensorsTensorData("b", SafetensorsDataType.BF16, [2, 2], MemoryMarshal.AsBytes(top.AsSpan()).ToArray())]);

        using var file = SafetensorsFile.Open(path);

        Assert.That(file.ReadFloats("b"), Is.EqualTo(Array.ConvertAll(top, t => BitConverter.UInt32BitsToSingle((uint)t << 16))));
    }

    [Test]
    public void Integer_tensors_and_metadata_are_listed_but_not_read_as_weights()
    {
        var path = Write(
            [new SafetensorsTensorData("text_model.embeddings.position_ids", SafetensorsDataType.I64, [1, 2], new byte[16])],
            new Dictionary<string, string> { ["format"] = "pt" });

        using var file = SafetensorsFile.Open(path);

        Assert.That(file.Header.Metadata["format"], Is.EqualTo("pt"));
        Assert.That(() => file.ReadFloats("text_model.embeddings.position_ids"), Throws.InstanceOf<SafetensorsFormatException>().With.Message.Contains("I64"));
    }

    [Test]
    public void A_file_shorter_than_the_header_length_is_one_clear_error()
    {
        AssertInvalid(new byte[5], "fewer than the 8-byte header length");
    }

    [Test]
    public void A_header_length_past_the_end_of_the_file_is_one_clear_error()
    {
        var bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        AssertInvalid(bytes, "only 56 after the length");
    }

    [Test]
    public void A_huge_header_length_is_refused_without_allocating_it()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue - 3);
        AssertInvalid(bytes, "more than 104857600 is refused");
    }

    [Test]
    public void Data_offsets_past_the_end_of_the_data_are_one_clear_error()
    {
        AssertInvalid(Raw("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", dataBytes: 8), "lie outside the 8 bytes of data");
    }

    [Test]
    public void Overlapping_tensors_are_one_clear_error()
    {
        AssertInvalid(
            Raw("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", dataBytes: 16),
            "tensors 'a' and 'b' overlap");
    }

    [Test]
    public void An_overlap_hidden_behind_an_empty_tensor_is_still_found()
    {
        AssertInvalid(
            Raw("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", dataBytes: 16),
            "tensors 'a' and 'b' overlap");
    }

    [Test]
    public void An_unknown_dtype_is_one_clear_error()
    {
        AssertInvalid(Raw("""{"w":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}""", dataBytes: 16), "unknown dtype 'F128'");
    }

    [Test]
    public void A_shape_that_disagrees_with_the_byte_count_is_one_clear_error()
    {
        AssertInvalid(Raw("""{"w":{"dtype":"F16","shape":[3],"data_offsets":[0,8]}}""", dataBytes: 8), "needs 6 bytes, data_offsets give 8");
    }

    [Test]
    public void A_shape_whose_product_overflows_is_one_clear_error_not_a_wrapped_size()
    {
        // 2^32 * 2^32 * 4 wraps to 0 in 64-bit arithmetic; the check must not be fooled into accepting 0 bytes.
        AssertInvalid(Raw("""{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}""", dataBytes: 0), "needs more than the 0 bytes");
    }

    [Test]
    public void Negative_offsets_are_one_clear_error()
    {
        AssertInvalid(Raw("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}""", dataBytes: 4), "non-negative integers");
    }

    [Test]
    public void A_header_that_is_not_json_is_one_clear_error()
    {
        AssertInvalid(Raw("{\"w\": {\"dtype\": \"F32\", ", dataBytes: 0), "not valid JSON");
    }

    [Test]
    public void A_tensor_named_twice_is_one_clear_error()
    {
        AssertInvalid(
            Raw("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", dataBytes: 8),
            "'w' appears twice");
    }

    [Test]
    public void Deeply_nested_json_is_refused_at_its_first_unexpected_token()
    {
        AssertInvalid(Raw("{\"w\":" + new string('[', 100_000), dataBytes: 0), "tensor 'w' is not an object");
    }

    [Test]
    public void Every_truncation_of_a_valid_file_is_a_clear_error_or_a_readable_file()
    {
        // Cutting a real file anywhere must never crash or read out of bounds: either the header
        // is complete and the data still fits (not possible here: the data is at the end), or a format error.
        var full = File.ReadAllBytes(Write([SafetensorsTensorData.FromFloats("a", [1f, 2f], 2), SafetensorsTensorData.FromFloats("b", [3f], 1)]));
        for (var length = 0; length < full.Length; length++)
        {
            var path = Path.Combine(NewFolder(), "cut.safetensors");
            File.WriteAllBytes(path, full.AsSpan(0, length).ToArray());
            Assert.That(() => SafetensorsFile.Open(path).Dispose(), Throws.InstanceOf<SafetensorsFormatException>(), $"cut at {length} bytes");
        }
    }

    [Test]
    public void The_error_message_names_the_file_and_carries_the_safetensors_code()
    {
        var path = Path.Combine(NewFolder(), "broken.safetensors");
        File.WriteAllBytes(path, new byte[3]);

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path))!;

        Assert.That(error.Code, Is.EqualTo("AF3201"));
        Assert.That(error.Message, Does.StartWith(path + ": not a valid safetensors file: "));
    }

    private static void AssertInvalid(byte[] bytes, string reason)
    {
        var path = Path.Combine(NewFolder(), "hostile.safetensors");
        File.WriteAllBytes(path, bytes);
        Assert.That(() => SafetensorsFile.Open(path).Dispose(), Throws.InstanceOf<SafetensorsFormatException>().With.Message.Contains(reason));
    }

    private static byte[] Raw(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    private static string Write(IReadOnlyList<SafetensorsTensorData> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var path = Path.Combine(NewFolder(), "model.safetensors");
        SafetensorsWriter.Write(path, tensors, metadata);
        return path;
    }

    private static string NewFolder()
    {
        var folder = TestFolders.NewFolder();
        Directory.CreateDirectory(folder);
        return folder;
    }
}
