namespace AssetForge.Core.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs.Yaml;

/// <summary>
/// The long form of a <c>models:</c> entry, for a checkpoint with LoRAs merged in or another precision:
/// <c>name: { path: models/base.safetensors, loras: [ { file: loras/ink.safetensors, scale: 0.8 } ], precision: fp16 }</c>.
/// The LoRAs' content and scales and the precision are part of the compiled model's identity, so the model's
/// fingerprint (and every key that uses it) changes with them.
/// </summary>
internal static class ModelEntryParser
{
    /// <summary>The keys of a long-form model entry (also the JSON Schema's).</summary>
    internal static readonly string[] EntryKeys = ["path", "loras", "precision"];

    /// <summary>The values of <c>precision:</c>; fp32 when absent.</summary>
    internal static readonly string[] Precisions = ["fp32", "fp16"];

    /// <summary>The entry's path node, its LoRAs (project-relative files) and precision, or nulls after reporting what is wrong.</summary>
    public static (SpecNode? Path, IReadOnlyList<WrittenLora>? Loras, string? Precision) Read(SpecMapping entry, string name, List<Diagnostic> diagnostics)
    {
        SpecNode? path = null;
        IReadOnlyList<WrittenLora> loras = [];
        var precision = "fp32";
        var ok = true;
        foreach (var (key, value) in entry.Entries)
        {
            switch (key.Value)
            {
                case "path":
                    path = value;
                    break;
                case "loras":
                    var read = LoraListParser.Read(value, $"models.{name}.loras", diagnostics);
                    loras = read ?? [];
                    ok &= read is not null;
                    break;
                case "precision":
                    if (value is SpecScalar { Value: "fp32" or "fp16" } scalar)
                    {
                        precision = scalar.Value;
                    }
                    else
                    {
                        diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidPrecision, $"'models.{name}.precision' must be fp32 or fp16.", value.Location));
                        ok = false;
                    }

                    break;
                default:
                    diagnostics.Add(Unknown(key, $"models.{name}", EntryKeys));
                    ok = false;
                    break;
            }
        }

        if (path is null)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.MissingField, $"'models.{name}' needs a 'path' (the model folder or checkpoint file).", entry.Location));
            ok = false;
        }

        return ok ? (path, loras, precision) : (null, null, null);
    }

    private static Diagnostic Unknown(SpecScalar key, string where, string[] keys)
    {
        var suggestion = SpellingSuggestion.Closest(key.Value, keys);
        var hint = suggestion is not null ? $" Did you mean '{suggestion}'?" : $" The keys are: {string.Join(", ", keys)}.";
        return Diagnostic.Error(DiagnosticCodes.UnknownKey, $"Unknown key '{key.Value}' in '{where}'.{hint}", key.Location);
    }
}
