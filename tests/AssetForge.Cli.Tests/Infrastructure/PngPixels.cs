namespace AssetForge.Cli.Tests.Infrastructure;

using System.Buffers.Binary;
using System.IO.Compression;

/// <summary>
/// Decodes the pixels of the PNGs AssetForge writes (8-bit RGB or RGBA, not interlaced) into RGB
/// bytes, so end-to-end tests can measure images without an imaging package.
/// </summary>
public sealed record PngPixels(int Width, int Height, byte[] Rgb)
{
    public static PngPixels Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var offset = 8; offset < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 4);
            var data = bytes.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.That((data[8], data[12]), Is.EqualTo(((byte)8, (byte)0)), "8-bit, not interlaced");
                channels = data[9] switch { 2 => 3, 6 => 4, var c => throw new AssertionException($"PNG colour type {c} is not handled") };
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var raw = new byte[height * (stride + 1)];
        zlib.ReadExactly(raw);
        var rgb = new byte[width * height * 3];
        var previous = new byte[stride];
        var current = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            raw.AsSpan((y * (stride + 1)) + 1, stride).CopyTo(current);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? current[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                current[i] += filter switch
                {
                    0 => 0,
                    1 => (byte)a,
                    2 => (byte)b,
                    3 => (byte)((a + b) / 2),
                    4 => (byte)Paeth(a, b, c),
                    _ => throw new AssertionException($"PNG filter {filter}"),
                };
            }

            for (var x = 0; x < width; x++)
            {
                current.AsSpan(x * channels, 3).CopyTo(rgb.AsSpan(((y * width) + x) * 3));
            }

            (previous, current) = (current, previous);
        }

        return new PngPixels(width, height, rgb);
    }

    /// <summary>Mean absolute difference (over channels) between pixel (x1, y1) and (x2, y2).</summary>
    public double Difference(int x1, int y1, int x2, int y2)
    {
        var p = ((y1 * Width) + x1) * 3;
        var q = ((y2 * Width) + x2) * 3;
        return (Math.Abs(Rgb[p] - Rgb[q]) + Math.Abs(Rgb[p + 1] - Rgb[q + 1]) + Math.Abs(Rgb[p + 2] - Rgb[q + 2])) / 3.0;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
