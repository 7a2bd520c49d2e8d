namespace AssetForge.Core.Specs;

using System.Globalization;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs.Yaml;

/// <summary>
/// Reads a <c>loras: [ { file: loras/ink.safetensors, scale: 0.8 } ]</c> list, the same wherever it
/// is written (a model entry, <c>defaults:</c>, a spec), so the three cannot drift apart.
/// </summary>
internal static class LoraListParser
{
    private static readonly string[] LoraKeys = ["file", "scale"];

    /// <summary>The list's items, or null after reporting what is wrong.</summary>
    /// <param name="value">The <c>loras:</c> value.</param>
    /// <param name="where">The field's path for messages, e.g. <c>models.base.loras</c> or <c>loras</c>.</param>
    /// <param name="diagnostics">Receives the errors.</param>
    public static IReadOnlyList<WrittenLora>? Read(SpecNode value, string where, List<Diagnostic> diagnostics)
    {
        if (value is not SpecSequence list)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'{where}' must be a list of {{ file, scale }}, but is {value.Describe()}.", value.Location));
            return null;
        }

        var loras = new List<WrittenLora>(list.Items.Count);
        var ok = true;
        foreach (var item in list.Items)
        {
            ok &= ReadItem(item, where, diagnostics, loras);
        }

        return ok ? loras : null;
    }

    private static bool ReadItem(SpecNode item, string where, List<Diagnostic> diagnostics, List<WrittenLora> loras)
    {
        if (item is not SpecMapping lora)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"Each of '{where}' must be {{ file, scale }}, but is {item.Describe()}.", item.Location));
            return false;
        }

        string? file = null;
        var fileLocation = lora.Location;
        var scale = 1.0;
        var ok = true;
        foreach (var (key, value) in lora.Entries)
        {
            switch (key.Value)
            {
                case "file":
                    file = AssetFieldParser.ReadText(value, "file", allowEmpty: false, diagnostics);
                    fileLocation = value.Location;
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
                    var suggestion = SpellingSuggestion.Closest(key.Value, LoraKeys);
                    var hint = suggestion is not null ? $" Did you mean '{suggestion}'?" : $" The keys are: {string.Join(", ", LoraKeys)}.";
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.UnknownKey, $"Unknown key '{key.Value}' in '{where}'.{hint}", key.Location));
                    ok = false;
                    break;
            }
        }

        if (file is null && ok)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.MissingField, $"A LoRA of '{where}' needs a 'file'.", lora.Location));
            return false;
        }

        if (ok)
        {
            // -0 and 0 must hash the same.
            loras.Add(new WrittenLora(file!, scale == 0 ? 0 : scale, fileLocation));
        }

        return ok;
    }
}
