namespace AssetForge.Core.Sheets;

/// <summary>The map written next to a sprite sheet's atlas (<c>sheet.format</c>).</summary>
public enum SheetMapFormat
{
    /// <summary>TexturePacker's JSON (Hash): <c>&lt;stem&gt;.json</c>; Phaser, PixiJS, Cocos and many importers read it.</summary>
    TexturePacker,

    /// <summary>A Godot 4 SpriteFrames resource of AtlasTextures: <c>&lt;stem&gt;.tres</c>.</summary>
    Godot,

    /// <summary>A Unity texture importer .meta slicing the atlas into sprites (sprite mode Multiple): <c>&lt;output&gt;.meta</c>.</summary>
    Unity,
}
