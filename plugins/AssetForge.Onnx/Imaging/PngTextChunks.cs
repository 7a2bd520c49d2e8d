namespace AssetForge.Onnx.Imaging;

using System.Buffers.Binary;
using System.Text;

/// <summary>
/// Inserts text chunks into an encoded PNG, just before IEND. Text that Latin-1 can hold goes in a
/// tEXt chunk (what the spec asks for); other text (a prompt in Japanese) in an uncompressed iTXt
/// chunk, so it is never mangled. No time-dependent chunk is ever written.
/// </summary>
internal static class PngTextChunks
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly Encoding Latin1 = Encoding.Latin1;

    public static byte[] Insert(ReadOnlySpan<byte> png, IReadOnlyList<KeyValuePair<string, string>> texts)
    {
        if (!png.StartsWith(Signature))
        {
            throw new ArgumentException("Not a PNG file.", nameof(png));
        }

        var iendOffset = FindChunk(png, "IEND"u8);
        using var output = new MemoryStream(png.Length + 256);
        output.Write(png[..iendOffset]);
        foreach (var (keyword, text) in texts)
        {
            ValidateKeyword(keyword);
            if (IsLatin1(text))
            {
                WriteChunk(output, "tEXt"u8, [.. Latin1.GetBytes(keyword), 0, .. Latin1.GetBytes(text)]);
            }
            else
            {
                // keyword, 0, compression flag 0, compression method 0, empty language tag, 0, empty translated keyword, 0, UTF-8 text
                WriteChunk(output, "iTXt"u8, [.. Latin1.GetBytes(keyword), 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(text)]);
            }
        }

        output.Write(png[iendOffset..]);
        return output.ToArray();
    }

    /// <summary>The offset of the first chunk of the given type (its length field).</summary>
    public static int FindChunk(ReadOnlySpan<byte> png, ReadOnlySpan<byte> type)
    {
        var offset = Signature.Length;
        while (offset + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png[offset..]);
            if (png.Slice(offset + 4, 4).SequenceEqual(type))
            {
                return offset;
            }

            offset += 12 + length;
        }

        throw new ArgumentException($"The PNG has no {Encoding.ASCII.GetString(type)} chunk.", nameof(png));
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        output.Write(header);
        var typeAndData = new byte[4 + data.Length];
        type.CopyTo(typeAndData);
        data.CopyTo(typeAndData.AsSpan(4));
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(header, PngCrc32.Compute(typeAndData));
        output.Write(header);
    }

    private static void ValidateKeyword(string keyword)
    {
        // PNG: 1-79 Latin-1 printable characters, no leading, trailing or double spaces.
        var valid = keyword.Length is >= 1 and <= 79 && keyword[0] != ' ' && keyword[^1] != ' ' && !keyword.Contains("  ", StringComparison.Ordinal);
        foreach (var c in keyword)
        {
            valid &= c is >= ' ' and <= '~' or >= '\u00A1' and <= '\u00FF';
        }

        if (!valid)
        {
            throw new ArgumentException($"'{keyword}' is not a valid PNG text keyword (1-79 printable Latin-1 characters, no leading, trailing or double spaces).", nameof(keyword));
        }
    }

    private static bool IsLatin1(string text)
    {
        foreach (var c in text)
        {
            // tEXt forbids control characters other than line feed.
            if (c > '\u00FF' || (c < ' ' && c != '\n') || c is >= '\u007F' and <= '\u009F')
            {
                return false;
            }
        }

        return true;
    }
}
