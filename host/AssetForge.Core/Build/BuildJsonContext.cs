namespace AssetForge.Core.Build;

using System.Text.Json.Serialization;

/// <summary>Source-generated JSON for the build state.</summary>
[JsonSerializable(typeof(BuildState.BuildStateDocument))]
internal sealed partial class BuildJsonContext : JsonSerializerContext;
