namespace AssetForge.Core.Caching;

using System.Text.Json.Serialization;

/// <summary>One output of an action: a blob in the store.</summary>
/// <param name="Name">The output's role, e.g. <c>image</c>.</param>
/// <param name="Sha256">The blob's SHA-256 (lower-case hex).</param>
/// <param name="Size">The blob's size in bytes.</param>
public sealed record ActionOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size")] long Size);
