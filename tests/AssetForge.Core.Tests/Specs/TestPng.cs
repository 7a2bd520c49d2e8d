namespace AssetForge.Core.Tests.Specs;

using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

/// <summary>Encodes real PNG files (zlib-compressed RGB rows, CRC-checked chunks) for init image tests.</summary>
internal static class TestPng
{
    /// <summary>A grey <paramref name="width"/>×<paramref name="height"/> RGB PNG.</summary>
    public static byte[] Encode(int width, int height)
    {
        var raw = new byte[height * (1 + (width * 3))];
        for (var y = 0; y < height; y++)
        {
            raw.AsSpan((y * (1 + (width * 3))) + 1, width * 3).Fill(128);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return WithHeader(width, height, compressed.ToArray());
    }

    /// <summary>A PNG whose header declares <paramref name="width"/>×<paramref name="height"/>, with one tiny IDAT: what a decompression bomb looks like before decoding.</summary>
    public static byte[] DeclaringSize(int width, int height) => WithHeader(width, height, Encode(1, 1)[33..^12][8..^4]);

    private static byte[] WithHeader(int width, int height, byte[] idat)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", idat);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndData));
        png.Write(word);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
