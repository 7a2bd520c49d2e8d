namespace AssetForge.Core.Sheets;

using System.Globalization;
using System.Text;

/// <summary>
/// The atlas map as a Godot 4 text resource (<c>.tres</c>, <c>format=3</c>): a <c>SpriteFrames</c>
/// whose frames are <c>AtlasTexture</c> sub-resources of the atlas (<c>region</c> the frame in the
/// atlas; <c>margin</c> restores a trimmed frame's offset and source size). One animation per
/// member, named by its asset id, plus <c>default</c> with every frame in member order. The atlas
/// is referenced by a path relative to the .tres (Godot resolves it beside the file). Godot's
/// AtlasTexture cannot rotate, so rotated frames are refused before this is written.
/// </summary>
public static class GodotSpriteFramesMap
{
    /// <summary>Writes the resource.</summary>
    public static byte[] Write(IReadOnlyList<SheetFrame> frames, string imageFileName)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[gd_resource type=\"SpriteFrames\" load_steps={frames.Count + 2} format=3]\n\n");
        text.Append(CultureInfo.InvariantCulture, $"[ext_resource type=\"Texture2D\" path=\"{Escape(imageFileName)}\" id=\"1_atlas\"]\n");
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (frame.Rotated)
            {
                throw new ArgumentException($"Godot's AtlasTexture cannot show the rotated frame '{frame.Name}'.", nameof(frames));
            }

            var f = frame.Frame;
            text.Append(CultureInfo.InvariantCulture, $"\n[sub_resource type=\"AtlasTexture\" id=\"AtlasTexture_{i}\"]\n");
            text.Append("atlas = ExtResource(\"1_atlas\")\n");
            text.Append(CultureInfo.InvariantCulture, $"region = Rect2({f.X}, {f.Y}, {f.Width}, {f.Height})\n");
            if (frame.Trimmed)
            {
                var s = frame.SpriteSourceSize;
                text.Append(CultureInfo.InvariantCulture, $"margin = Rect2({s.X}, {s.Y}, {frame.SourceWidth - s.Width}, {frame.SourceHeight - s.Height})\n");
            }
        }

        text.Append("\n[resource]\nanimations = [");
        AppendAnimation(text, "default", Enumerable.Range(0, frames.Count));
        for (var i = 0; i < frames.Count; i++)
        {
            text.Append(", ");
            AppendAnimation(text, frames[i].Name, [i]);
        }

        text.Append("]\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void AppendAnimation(StringBuilder text, string name, IEnumerable<int> frames)
    {
        text.Append("{\n\"frames\": [");
        var first = true;
        foreach (var i in frames)
        {
            text.Append(first ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"{{\n\"duration\": 1.0,\n\"texture\": SubResource(\"AtlasTexture_{i}\")\n}}");
            first = false;
        }

        text.Append(CultureInfo.InvariantCulture, $"],\n\"loop\": true,\n\"name\": &\"{Escape(name)}\",\n\"speed\": 5.0\n}}");
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
