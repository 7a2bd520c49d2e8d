namespace AssetForge.Core.Sheets;

/// <summary>How a sprite sheet is laid out and mapped: everything but its members.</summary>
/// <param name="Packer">The packing algorithm.</param>
/// <param name="Padding">Transparent pixels around every frame (shared between neighbours).</param>
/// <param name="MaxWidth">The atlas's maximum width in pixels.</param>
/// <param name="Trim">Crop every frame to its alpha bounds (the map records the offset and the source size).</param>
/// <param name="Rotate">Let the packer turn a frame 90° clockwise where that packs tighter.</param>
/// <param name="PowerOfTwo">Round the atlas's width and height up to powers of two.</param>
/// <param name="Format">The map's format.</param>
public sealed record SheetLayout(SheetPackerKind Packer, int Padding, int MaxWidth, bool Trim, bool Rotate, bool PowerOfTwo, SheetMapFormat Format)
{
    /// <summary>Bump when packing or any map's content changes for the same inputs: it is part of the sheet's key.</summary>
    public const string Version = "sheets 2";

    /// <summary>The layout of a sheet that says nothing but its members.</summary>
    public static SheetLayout Default { get; } = new(SheetPackerKind.MaxRects, 2, 1024, false, false, false, SheetMapFormat.TexturePacker);

    /// <summary>The map's output path for the atlas output <paramref name="output"/> (a <c>/</c>-separated relative path).</summary>
    public string MapOutputOf(string output) => Format switch
    {
        SheetMapFormat.Godot => Path.ChangeExtension(output, ".tres"),
        SheetMapFormat.Unity => output + ".meta",
        _ => Path.ChangeExtension(output, ".json"),
    };

    /// <summary>The layout's fields for the sheet's action key, as canonical name/text pairs.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> KeyFields() =>
    [
        new("version", Version),
        new("packer", Packer == SheetPackerKind.Shelf ? "shelf" : "maxrects"),
        new("trim", Trim ? "true" : "false"),
        new("rotate", Rotate ? "true" : "false"),
        new("pow2", PowerOfTwo ? "true" : "false"),
        new("format", Format.ToString().ToLowerInvariant()),
    ];
}
