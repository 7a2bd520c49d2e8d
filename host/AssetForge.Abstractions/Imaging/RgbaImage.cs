namespace AssetForge.Abstractions.Imaging;

/// <summary>Decoded pixels: 8-bit RGBA, unpremultiplied, row-major, no padding.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Pixels">4 × width × height bytes.</param>
public sealed record RgbaImage(int Width, int Height, byte[] Pixels);
