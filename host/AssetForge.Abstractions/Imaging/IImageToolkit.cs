namespace AssetForge.Abstractions.Imaging;

using AssetForge.Abstractions.Plugins;

/// <summary>
/// Image decoding, encoding and drawing, offered by a plugin that ships an imaging library (the
/// onnx backend implements it with SkiaSharp). The host has no imaging library of its own: it asks
/// a loaded backend that also implements this interface (contact sheets, <c>assetforge diff</c>).
/// All output is deterministic: the same inputs give the same bytes.
/// </summary>
public interface IImageToolkit
{
    /// <summary>The toolkit's id and version, part of the key of everything it draws (e.g. <c>onnx 1.1.0</c>).</summary>
    string ToolkitVersion { get; }

    /// <summary>Decodes an image file (PNG, JPEG, WebP, ...) to 8-bit RGBA.</summary>
    /// <exception cref="PluginException">AF3006: the bytes are not an image this toolkit can read.</exception>
    RgbaImage Decode(ReadOnlySpan<byte> encoded);

    /// <summary>Encodes RGBA pixels as PNG with the given text chunks (no time chunk).</summary>
    byte[] EncodePng(RgbaImage image, IReadOnlyList<KeyValuePair<string, string>> texts);

    /// <summary>Draws a contact sheet: the cells in a grid, with axis names and values as labels.</summary>
    byte[] RenderContactSheet(ContactSheetRequest request);
}
