namespace AssetForge.Core.Build;

using System.Text.Encodings.Web;
using System.Text.Json;

/// <summary>
/// The atlas map in TexturePacker's "JSON (Hash)" format, which Phaser, PixiJS, Cocos, Godot and
/// Unity importers read: <c>frames</c> by name (the member's asset id), then <c>meta</c>.
/// Deterministic: fixed member order, no timestamps, LF line ends.
/// </summary>
internal static class SpriteSheetMap
{
    public static byte[] Write(IReadOnlyList<string> names, IReadOnlyList<SpriteSheetPacker.Frame> frames, string imageFileName, int width, int height)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("frames");
            for (var i = 0; i < names.Count; i++)
            {
                var frame = frames[i];
                writer.WriteStartObject(names[i]);
                WriteRect(writer, "frame", frame.X, frame.Y, frame.Width, frame.Height);
                writer.WriteBoolean("rotated", false);
                writer.WriteBoolean("trimmed", false);
                WriteRect(writer, "spriteSourceSize", 0, 0, frame.Width, frame.Height);
                writer.WriteStartObject("sourceSize");
                writer.WriteNumber("w", frame.Width);
                writer.WriteNumber("h", frame.Height);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteStartObject("meta");
            writer.WriteString("app", "assetforge");
            writer.WriteString("version", SpriteSheetPlan.PackerVersion);
            writer.WriteString("image", imageFileName);
            writer.WriteString("format", "RGBA8888");
            writer.WriteStartObject("size");
            writer.WriteNumber("w", width);
            writer.WriteNumber("h", height);
            writer.WriteEndObject();
            writer.WriteString("scale", "1");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteRect(Utf8JsonWriter writer, string name, int x, int y, int w, int h)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("x", x);
        writer.WriteNumber("y", y);
        writer.WriteNumber("w", w);
        writer.WriteNumber("h", h);
        writer.WriteEndObject();
    }
}
