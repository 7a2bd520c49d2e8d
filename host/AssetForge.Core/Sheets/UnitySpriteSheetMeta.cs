namespace AssetForge.Core.Sheets;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

/// <summary>
/// The atlas map as the Unity <c>.meta</c> beside the atlas PNG: a TextureImporter with
/// <c>textureType: 8</c> (Sprite), <c>spriteMode: 2</c> (Multiple) and one <c>spriteSheet.sprites</c>
/// entry per frame: <c>name</c>, <c>rect</c> (Unity counts y from the bottom), <c>alignment</c>
/// (0 centre; 9 custom for a trimmed frame, whose <c>pivot</c> then keeps the source image's centre
/// in place) and <c>border</c>. The asset <c>guid</c> and each <c>spriteID</c> derive from the
/// names, so the file is the same on every build and Unity's references to it survive rebuilds.
/// Unity sprites cannot be stored rotated, so rotated frames are refused before this is written.
/// </summary>
public static class UnitySpriteSheetMeta
{
    /// <summary>Writes the .meta for the atlas of sheet <paramref name="sheetId"/>, <paramref name="atlasHeight"/> pixels high.</summary>
    public static byte[] Write(IReadOnlyList<SheetFrame> frames, string sheetId, int atlasHeight)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var text = new StringBuilder();
        text.Append("fileFormatVersion: 2\n");
        text.Append("guid: ").Append(Guid("assetforge-atlas:" + sheetId)).Append('\n');
        text.Append("TextureImporter:\n");
        text.Append("  serializedVersion: 12\n");
        text.Append("  mipmaps:\n    enableMipMap: 0\n");
        text.Append("  alphaIsTransparency: 1\n");
        text.Append("  textureType: 8\n");
        text.Append("  spriteMode: 2\n");
        text.Append("  spritePixelsToUnits: 100\n");
        text.Append("  spriteMeshType: 0\n");
        text.Append("  spriteSheet:\n    serializedVersion: 2\n    sprites:\n");
        foreach (var frame in frames)
        {
            if (frame.Rotated)
            {
                throw new ArgumentException($"Unity cannot slice the rotated frame '{frame.Name}'.", nameof(frames));
            }

            var f = frame.Frame;
            var s = frame.SpriteSourceSize;
            text.Append("    - serializedVersion: 2\n");
            text.Append("      name: ").Append(Quote(frame.Name)).Append('\n');
            text.Append("      rect:\n        serializedVersion: 2\n");
            text.Append(CultureInfo.InvariantCulture, $"        x: {f.X}\n        y: {atlasHeight - f.Y - f.Height}\n        width: {f.Width}\n        height: {f.Height}\n");
            if (frame.Trimmed)
            {
                // The source's centre, in the trimmed rectangle's 0..1 coordinates from its bottom-left corner.
                var pivotX = ((frame.SourceWidth / 2.0) - s.X) / s.Width;
                var pivotY = (s.Y + s.Height - (frame.SourceHeight / 2.0)) / s.Height;
                text.Append(CultureInfo.InvariantCulture, $"      alignment: 9\n      pivot: {{x: {pivotX:R}, y: {pivotY:R}}}\n");
            }
            else
            {
                text.Append("      alignment: 0\n      pivot: {x: 0.5, y: 0.5}\n");
            }

            text.Append("      border: {x: 0, y: 0, z: 0, w: 0}\n");
            text.Append("      spriteID: ").Append(Guid("assetforge-sprite:" + sheetId + ":" + frame.Name)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // Unity GUIDs are 32 lower-case hex digits; a hash of a stable name gives the same one every build.
    private static string Guid(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
