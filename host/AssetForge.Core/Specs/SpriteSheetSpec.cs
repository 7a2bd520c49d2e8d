namespace AssetForge.Core.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Sheets;

/// <summary>
/// A spec's <c>sheet:</c>: the asset is an atlas drawn from other assets' outputs, not generated.
/// </summary>
/// <param name="Members">Asset ids or globs over ids (e.g. <c>icons/*</c>), as written.</param>
/// <param name="Padding">Transparent pixels around every frame (0 to 64; default 2).</param>
/// <param name="MaxWidth">The atlas's maximum width in pixels (default 1024); a frame wider than this is an error.</param>
/// <param name="MembersLocation">Where the member list is.</param>
public sealed record SpriteSheetSpec(IReadOnlyList<string> Members, int Padding, int MaxWidth, SourceLocation MembersLocation)
{
    /// <summary>The default <see cref="Padding"/>.</summary>
    public const int DefaultPadding = 2;

    /// <summary>The largest <c>padding</c> accepted.</summary>
    public const int MaxPadding = 64;

    /// <summary>The largest <c>max_width</c> accepted.</summary>
    public const int MaxMaxWidth = 16384;

    /// <summary>The default <see cref="MaxWidth"/>.</summary>
    public const int DefaultMaxWidth = 1024;

    /// <summary>The packing algorithm (<c>packer:</c> maxrects, the default, or shelf).</summary>
    public SheetPackerKind Packer { get; init; } = SheetPackerKind.MaxRects;

    /// <summary>Crop frames to their alpha bounds (<c>trim:</c>).</summary>
    public bool Trim { get; init; }

    /// <summary>Let the packer turn frames 90° where that packs tighter (<c>rotate:</c>).</summary>
    public bool Rotate { get; init; }

    /// <summary>Round the atlas's sides up to powers of two (<c>pow2:</c>).</summary>
    public bool PowerOfTwo { get; init; }

    /// <summary>The map's format (<c>format:</c> texturepacker, godot or unity).</summary>
    public SheetMapFormat Format { get; init; } = SheetMapFormat.TexturePacker;

    /// <summary>Everything about the sheet but its members, for the packer and map writers.</summary>
    public SheetLayout Layout => new(Packer, Padding, MaxWidth, Trim, Rotate, PowerOfTwo, Format);
}
