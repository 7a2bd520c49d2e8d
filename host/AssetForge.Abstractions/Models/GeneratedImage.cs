namespace AssetForge.Abstractions.Models;

/// <summary>A generated image: its size and its encoded PNG bytes (deterministic: no timestamps).</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Png">The PNG file's bytes.</param>
public sealed record GeneratedImage(int Width, int Height, byte[] Png);
