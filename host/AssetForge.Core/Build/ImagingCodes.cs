namespace AssetForge.Core.Build;

/// <summary>Names for the codes of contact sheets, variants and image tools (AF41xx), all from the registry, <see cref="DiagnosticCode"/>.</summary>
public static class ImagingCodes
{
    /// <summary>A contact sheet could not be made because some of its cells failed.</summary>
    public const string SheetCellFailed = "AF4101";

    /// <summary>No loaded plugin offers an image toolkit (decoding, drawing).</summary>
    public const string NoImageToolkit = "AF4102";

    /// <summary>An image could not be read or decoded.</summary>
    public const string UnreadableImage = "AF4103";

    /// <summary>Two images to compare have different sizes.</summary>
    public const string SizeMismatch = "AF4104";

    /// <summary>verify: the cache has no entry for the asset's current key.</summary>
    public const string NotCached = "AF4105";
}
