namespace AssetForge.Core.Specs;

using AssetForge.Core.Specs.Yaml;

/// <summary>A long-form <c>models:</c> entry as written: its path node, LoRAs, precision and, when given, prediction type.</summary>
internal sealed record ModelEntry(SpecNode Path, IReadOnlyList<WrittenLora> Loras, string Precision, string? PredictionType);
