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
    internal static readonly string[] EntryKeys = ["path", "loras", "precision", "prediction_type"];

    /// <summary>The values of <c>precision:</c>; fp32 when absent.</summary>
    internal static readonly string[] Precisions = ["fp32", "fp16"];

    /// <summary>The values of <c>prediction_type:</c>; absent, the model folder's scheduler config decides.</summary>
    internal static readonly string[] PredictionTypes = ["epsilon", "v_prediction"];

    /// <summary>The entry's path node, its LoRAs (project-relative files), precision and prediction type, or null after reporting what is wrong.</summary>
    public static ModelEntry? Read(SpecMapping entry, string name, List<Diagnostic> diagnostics)
    {
        SpecNode? path = null;
        IReadOnlyList<WrittenLora> loras = [];
        var precision = "fp32";
        string? predictionType = null;
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
                    var chosen = Choice(value, $"models.{name}.precision", Precisions, DiagnosticCodes.InvalidPrecision, diagnostics);
                    precision = chosen ?? precision;
                    ok &= chosen is not null;
                    break;
                case "prediction_type":
                    predictionType = Choice(value, $"models.{name}.prediction_type", PredictionTypes, DiagnosticCodes.InvalidPredictionType, diagnostics);
                    ok &= predictionType is not null;
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

        return ok && path is not null ? new ModelEntry(path, loras, precision, predictionType) : null;
    }

    // One of a fixed set of words, else an error at the value naming them.
    private static string? Choice(SpecNode value, string where, string[] allowed, string code, List<Diagnostic> diagnostics)
    {
        if (value is SpecScalar scalar && allowed.Contains(scalar.Value))
        {
            return scalar.Value;
        }

        diagnostics.Add(Diagnostic.Error(code, $"'{where}' must be {string.Join(" or ", allowed)}.", value.Location));
        return null;
    }

    private static Diagnostic Unknown(SpecScalar key, string where, string[] keys)
    {
        var suggestion = SpellingSuggestion.Closest(key.Value, keys);
        var hint = suggestion is not null ? $" Did you mean '{suggestion}'?" : $" The keys are: {string.Join(", ", keys)}.";
        return Diagnostic.Error(DiagnosticCodes.UnknownKey, $"Unknown key '{key.Value}' in '{where}'.{hint}", key.Location);
    }
}
