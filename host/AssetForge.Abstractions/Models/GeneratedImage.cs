namespace AssetForge.Abstractions.Models;

/// <summary>A generated image: its size and its encoded PNG bytes (deterministic: no timestamps).</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Png">The PNG file's bytes.</param>
public sealed record GeneratedImage(int Width, int Height, byte[] Png)
{
    /// <summary>Where the generation's time went, or null from a backend that does not measure it.</summary>
    /// <remarks>Added in contract 1.2; a backend built against 1.0 or 1.1 leaves it null.</remarks>
    public GenerationTimings? Timings { get; init; }
}
