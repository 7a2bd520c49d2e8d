namespace AssetForge.Onnx.Tests.Imaging;

using System.Buffers.Binary;
using System.Text;
using AssetForge.Abstractions.Models;
using AssetForge.Onnx.Imaging;
using AssetForge.Onnx.Tests.Support;

public sealed class PngTextChunksTests
{
    [Test]
    public async Task Generated_pngs_carry_the_jobs_text_chunks_and_no_time_chunk()
    {
        using var session = new OnnxModelBackend().Open(new ModelSessionOptions(TinyModelFixture.Directory, "cpu"));
        var job = TinyModelFixture.Job() with { PngText = [new("Title", "props/potion-red"), new("assetforge:key", "abc123")] };

        var png = (await session.GenerateAsync([job], null, CancellationToken.None))[0].Png;
        var chunks = Chunks(png);

        Assert.That(chunks.Where(c => c.Type == "tEXt").Select(c => Encoding.Latin1.GetString(c.Data)), Is.EqualTo(new[] { "Title\0props/potion-red", "assetforge:key\0abc123" }));
        Assert.That(chunks.Select(c => c.Type), Has.None.EqualTo("tIME"));
        Assert.That(chunks[^1].Type, Is.EqualTo("IEND"));
    }

    [Test]
    public void Every_chunk_crc_is_valid_after_insertion()
    {
        var png = PngTextChunks.Insert(MinimalPng(), [new("Comment", "hello")]);
        foreach (var (type, data, crc) in Chunks(png))
        {
            Assert.That(crc, Is.EqualTo(PngCrc32.Compute([.. Encoding.ASCII.GetBytes(type), .. data])), type);
        }
    }

    [Test]
    public void The_crc_matches_the_png_specifications_check_value()
    {
        Assert.That(PngCrc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));
    }

    [Test]
    public void Text_outside_latin1_goes_in_an_itxt_chunk_as_utf8()
    {
        var png = PngTextChunks.Insert(MinimalPng(), [new("prompt", "ポーション")]);
        var chunk = Chunks(png).Single(c => c.Type == "iTXt");
        Assert.That(chunk.Data, Is.EqualTo((byte[])[.. "prompt"u8, 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes("ポーション")]));
    }

    [Test]
    public void A_keyword_with_a_leading_space_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PngTextChunks.Insert(MinimalPng(), [new(" Title", "x")]));
    }

    private static byte[] MinimalPng()
    {
        var encoder = new PngImageEncoder();
        return encoder.Encode(new float[3 * 4], 2, 2, []);
    }

    private static List<(string Type, byte[] Data, uint Crc)> Chunks(byte[] png)
    {
        var result = new List<(string, byte[], uint)>();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length).ToArray();
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            result.Add((type, data, crc));
            offset += 12 + length;
        }

        return result;
    }
}
