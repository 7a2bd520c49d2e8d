namespace AssetForge.Core.Sheets;

/// <summary>How a sprite sheet's frames are placed (<c>sheet.packer</c>).</summary>
public enum SheetPackerKind
{
    /// <summary>Max-rects, best short side fit, largest frames first: the tightest (default).</summary>
    MaxRects,

    /// <summary>Left to right on shelves in id order: adding a member moves only those after it.</summary>
    Shelf,
}
