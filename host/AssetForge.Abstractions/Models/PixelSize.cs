namespace AssetForge.Abstractions.Models;

/// <summary>A size in pixels, width by height.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <remarks>Added in contract 1.4.</remarks>
public readonly record struct PixelSize(int Width, int Height);
