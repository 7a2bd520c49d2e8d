namespace AssetForge.Core.Sheets;

/// <summary>A rectangle of pixels: left, top, width, height.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height);
