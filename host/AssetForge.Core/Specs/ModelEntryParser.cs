namespace AssetForge.Core.Specs;

using System.Globalization;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs.Yaml;

/// <summary>
/// The long form of a <c>models:</c> entry, for a checkpoint with LoRAs merged in:
/// <c>name: { path: models/base.safetensors, loras: [ { file: loras/ink.safetensors, scale: 0.8 } ] }</c>.
/// The LoRAs' content and scales are part of the compiled model's identity, so the model's
/// fingerprint (and every key that uses it) changes with them.
/// </summary>
internal static class ModelEntryParser
{
    private static readonly string[] EntryKeys = ["path", "loras"];
    private static readonly string[] LoraKeys = ["file", "scale"];

    /// <summary>The entry's path node and its LoRAs (project-relative files), or nulls after reporting what is wrong.</summary>
    public static (SpecNode? Path, IReadOnlyList<(string File, double Scale)>? Loras) Read(SpecMapping entry, string name, List<Diagnostic> diagnostics)
    {
        SpecNode? path = null;
        var loras = new List<(string, double)>();
        var ok = true;
        foreach (var (key, value) in entry.Entries)
        {
            switch (key.Value)
            {
                case "path":
                    path = value;
                    break;
                case "loras" when value is SpecSequence list:
                    foreach (var item in list.Items)
                    {
                        ok &= ReadLora(item, name, diagnostics, loras);
                    }

                    break;
                case "loras":
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'models.{name}.loras' must be a list of {{ file, scale }}, but is {value.Describe()}.", value.Location));
                    ok = false;
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

        return ok ? (path, loras) : (null, null);
    }

    private static bool ReadLora(SpecNode item, string name, List<Diagnostic> diagnostics, List<(string, double)> loras)
    {
        if (item is not SpecMapping lora)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"Each of 'models.{name}.loras' must be {{ file, scale }}, but is {item.Describe()}.", item.Location));
            return false;
        }

        string? file = null;
        var scale = 1.0;
        var ok = true;
        foreach (var (key, value) in lora.Entries)
        {
            switch (key.Value)
            {
                case "file":
                    file = AssetFieldParser.ReadText(value, "file", allowEmpty: false, diagnostics);
                    ok &= file is not null;
                    break;
                case "scale" when value is SpecScalar { Kind: ScalarKind.Integer or ScalarKind.Float } number && double.IsFinite(CoreSchema.ParseFloat(number.Value)):
                    scale = CoreSchema.ParseFloat(number.Value);
                    break;
                case "scale":
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, string.Create(CultureInfo.InvariantCulture, $"'scale' of a LoRA must be a finite number, but is {value.Describe()}."), value.Location));
                    ok = false;
                    break;
                default:
                    diagnostics.Add(Unknown(key, $"models.{name}.loras", LoraKeys));
                    ok = false;
                    break;
            }
        }

        if (file is null && ok)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.MissingField, $"A LoRA of 'models.{name}' needs a 'file'.", lora.Location));
            return false;
        }

        if (ok)
        {
            loras.Add((file!, scale == 0 ? 0 : scale));
        }

        return ok;
    }

    private static Diagnostic Unknown(SpecScalar key, string where, string[] keys)
    {
        var suggestion = SpellingSuggestion.Closest(key.Value, keys);
        var hint = suggestion is not null ? $" Did you mean '{suggestion}'?" : $" The keys are: {string.Join(", ", keys)}.";
        return Diagnostic.Error(DiagnosticCodes.UnknownKey, $"Unknown key '{key.Value}' in '{where}'.{hint}", key.Location);
    }
}
