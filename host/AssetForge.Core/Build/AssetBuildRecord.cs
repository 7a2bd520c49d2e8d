namespace AssetForge.Core.Build;

using System.Text.Json.Serialization;

/// <summary>What the last build made of one asset, as the project's build state records it.</summary>
/// <param name="Key">The action key the output was built from.</param>
/// <param name="Output">The output path, relative to the project folder (forward slashes).</param>
/// <param name="Sha256">The output's SHA-256.</param>
/// <param name="Size">The output's size in bytes.</param>
/// <param name="MtimeTicks">The output's last-write time (UTC ticks) when recorded: while size and time are unchanged the output is trusted without re-hashing.</param>
/// <param name="Fields">The key's inputs (field → canonical JSON), so status can say what changed.</param>
public sealed record AssetBuildRecord(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("output")] string Output,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("mtime")] long MtimeTicks,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, string> Fields);
