namespace AssetForge.Core.Imaging;

using System.Buffers.Binary;
using System.Text;

/// <summary>Reads a PNG's uncompressed text chunks (tEXt, and iTXt without compression), in file order.</summary>
public static class PngTextReader
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The keyword → text pairs; null when <paramref name="png"/> is not a PNG.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Read(ReadOnlySpan<byte> png)
    {
        if (!png.StartsWith(Signature))
        {
            return null;
        }

        var texts = new List<KeyValuePair<string, string>>();
        var offset = Signature.Length;
        while (offset + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png[offset..]);
            if (length < 0 || offset + 12L + length > png.Length)
            {
                break;
            }

            var type = png.Slice(offset + 4, 4);
            var data = png.Slice(offset + 8, length);
            var keywordEnd = data.IndexOf((byte)0);
            if (keywordEnd > 0 && type.SequenceEqual("tEXt"u8))
            {
                texts.Add(new(Encoding.Latin1.GetString(data[..keywordEnd]), Encoding.Latin1.GetString(data[(keywordEnd + 1)..])));
            }
            else if (keywordEnd > 0 && type.SequenceEqual("iTXt"u8) && data.Length > keywordEnd + 2 && data[keywordEnd + 1] == 0)
            {
                // keyword 0 flag method language 0 translated 0 text
                var rest = data[(keywordEnd + 3)..];
                var language = rest.IndexOf((byte)0);
                var translated = language < 0 ? -1 : rest[(language + 1)..].IndexOf((byte)0);
                if (translated >= 0)
                {
                    texts.Add(new(Encoding.Latin1.GetString(data[..keywordEnd]), Encoding.UTF8.GetString(rest[(language + 1 + translated + 1)..])));
                }
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            offset += 12 + length;
        }

        return texts;
    }
}
