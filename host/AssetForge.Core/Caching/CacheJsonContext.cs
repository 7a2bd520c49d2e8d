namespace AssetForge.Core.Caching;

using System.Text.Json.Serialization;

/// <summary>Source-generated JSON for cache records (no reflection, trimming-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ActionRecord))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
