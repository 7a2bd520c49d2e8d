namespace AssetForge.Core.Sheets;

using System.Text.Encodings.Web;
using System.Text.Json;

/// <summary>
/// The atlas map in TexturePacker's "JSON (Hash)" format: <c>frames</c> by name, each with
/// <c>frame</c> (in the atlas; w/h of the unrotated frame), <c>rotated</c>, <c>trimmed</c>,
/// <c>spriteSourceSize</c> (the trimmed rectangle in the source) and <c>sourceSize</c>; then
/// <c>meta</c>. Deterministic: member order, no timestamps, LF line ends.
/// </summary>
public static class TexturePackerHashMap
{
    /// <summary>Writes the map.</summary>
    public static byte[] Write(IReadOnlyList<SheetFrame> frames, string imageFileName, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(frames);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("frames");
            foreach (var frame in frames)
            {
                writer.WriteStartObject(frame.Name);
                WriteRect(writer, "frame", frame.Frame);
                writer.WriteBoolean("rotated", frame.Rotated);
                writer.WriteBoolean("trimmed", frame.Trimmed);
                WriteRect(writer, "spriteSourceSize", frame.SpriteSourceSize);
                WriteSize(writer, "sourceSize", frame.SourceWidth, frame.SourceHeight);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteStartObject("meta");
            writer.WriteString("app", "assetforge");
            writer.WriteString("version", SheetLayout.Version);
            writer.WriteString("image", imageFileName);
            writer.WriteString("format", "RGBA8888");
            WriteSize(writer, "size", width, height);
            writer.WriteString("scale", "1");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteRect(Utf8JsonWriter writer, string name, PixelRect rect)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("x", rect.X);
        writer.WriteNumber("y", rect.Y);
        writer.WriteNumber("w", rect.Width);
        writer.WriteNumber("h", rect.Height);
        writer.WriteEndObject();
    }

    private static void WriteSize(Utf8JsonWriter writer, string name, int width, int height)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("w", width);
        writer.WriteNumber("h", height);
        writer.WriteEndObject();
    }
}
