namespace AssetForge.Core.Specs.Inputs;

using System.Buffers.Binary;

/// <summary>
/// The format and size of an encoded PNG, JPEG or WebP image, read from its header without
/// decoding, and whether its structure is complete. Lets an init image be refused for its pixel
/// count before a decoder allocates for it (a 1.2 MB PNG can declare 20000×20000 pixels), and a
/// truncated file be refused instead of decoding into a silently half-grey picture.
/// </summary>
/// <param name="Format">"png", "jpeg" or "webp".</param>
/// <param name="Width">Pixels across, as the header declares.</param>
/// <param name="Height">Pixels down, as the header declares.</param>
/// <param name="Problem">Why the file is unusable (not an image, truncated), or null.</param>
public sealed record ImageHeader(string Format, long Width, long Height, string? Problem)
{
    // "\x89" in a string literal would be U+0089, two bytes in UTF-8: the signature is spelled in bytes.
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The declared pixel count.</summary>
    public long Pixels => Width * Height;

    /// <summary>Reads the header and checks the structure of <paramref name="bytes"/>.</summary>
    public static ImageHeader Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(PngSignature))
        {
            return ReadPng(bytes);
        }

        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return ReadJpeg(bytes);
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return ReadWebP(bytes);
        }

        return new ImageHeader(string.Empty, 0, 0, "it is not a PNG, JPEG or WebP image");
    }

    // Chunks: length (4, big-endian), type (4), data, CRC (4); IHDR first, IEND last.
    private static ImageHeader ReadPng(ReadOnlySpan<byte> bytes)
    {
        const string Format = "png";
        if (bytes.Length < 33 || !bytes[12..16].SequenceEqual("IHDR"u8))
        {
            return new ImageHeader(Format, 0, 0, "the PNG is truncated or damaged (no IHDR header)");
        }

        long width = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
        long height = BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]);
        long offset = 8;
        while (offset + 12 <= bytes.Length)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(bytes[(int)offset..]);
            var type = bytes.Slice((int)offset + 4, 4);
            var next = offset + 12 + length;
            if (next > bytes.Length)
            {
                break;
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return new ImageHeader(Format, width, height, null);
            }

            offset = next;
        }

        return new ImageHeader(Format, width, height, "the PNG is truncated (its chunks end before IEND)");
    }

    // Segments: FF marker, 2-byte big-endian length; SOFn carries the size; scan data after SOS runs to EOI (FF D9).
    private static ImageHeader ReadJpeg(ReadOnlySpan<byte> bytes)
    {
        const string Format = "jpeg";
        long width = 0;
        long height = 0;
        var offset = 2;
        while (offset + 4 <= bytes.Length)
        {
            if (bytes[offset] != 0xFF)
            {
                return new ImageHeader(Format, width, height, "the JPEG is damaged (a segment does not start with a marker)");
            }

            var marker = bytes[offset + 1];
            if (marker == 0xFF)
            {
                offset++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(offset + 2)..]);
            if (length < 2 || offset + 2 + length > bytes.Length)
            {
                return new ImageHeader(Format, width, height, "the JPEG is truncated (a segment runs past the end of the file)");
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC && offset + 9 <= bytes.Length)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(bytes[(offset + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(bytes[(offset + 7)..]);
            }

            if (marker == 0xDA)
            {
                // The entropy-coded data may contain FF 00 and restart markers, never FF D9 before the end.
                var scan = bytes[(offset + 2 + length)..];
                var end = scan.IndexOf([(byte)0xFF, (byte)0xD9]);
                return end < 0
                    ? new ImageHeader(Format, width, height, "the JPEG is truncated (no end-of-image marker)")
                    : new ImageHeader(Format, width, height, width == 0 || height == 0 ? "the JPEG has no frame header" : null);
            }

            offset += 2 + length;
        }

        return new ImageHeader(Format, width, height, "the JPEG is truncated (it ends before its image data)");
    }

    // RIFF size (4, little-endian) counts the bytes after it; the first chunk (VP8, VP8L or VP8X) gives the size.
    private static ImageHeader ReadWebP(ReadOnlySpan<byte> bytes)
    {
        const string Format = "webp";
        long riffSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        if (riffSize + 8 > bytes.Length)
        {
            return new ImageHeader(Format, 0, 0, $"the WebP is truncated ({bytes.Length:N0} of {riffSize + 8:N0} bytes)");
        }

        if (bytes.Length < 30)
        {
            return new ImageHeader(Format, 0, 0, "the WebP is truncated (no image header)");
        }

        var chunk = bytes[12..16];
        var data = bytes[20..];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            long width = 1 + (data[4] | (data[5] << 8) | (data[6] << 16));
            long height = 1 + (data[7] | (data[8] << 8) | (data[9] << 16));
            return new ImageHeader(Format, width, height, null);
        }

        if (chunk.SequenceEqual("VP8L"u8) && data[0] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            return new ImageHeader(Format, 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF), null);
        }

        if (chunk.SequenceEqual("VP8 "u8) && data[3] == 0x9D && data[4] == 0x01 && data[5] == 0x2A)
        {
            return new ImageHeader(Format, BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF, null);
        }

        return new ImageHeader(Format, 0, 0, "the WebP is damaged (no VP8, VP8L or VP8X header)");
    }
}
