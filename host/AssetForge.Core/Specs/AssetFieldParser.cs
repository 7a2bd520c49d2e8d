namespace AssetForge.Core.Specs;

using System.Buffers;
using System.Globalization;
using System.Text.Json;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Randomness;
using AssetForge.Core.Specs.Yaml;

/// <summary>
/// Reads an asset's fields (or assetforge.yaml's <c>defaults:</c>) from a mapping: one typed,
/// range-checked value per field, an error per mistake. Text fields take any scalar as written
/// (<c>prompt: 42</c> is the text "42"); number fields take only unquoted numbers, so a quoted
/// <c>"20"</c> is a type error with a hint rather than a silent conversion.
/// </summary>
internal static class AssetFieldParser
{
    /// <summary>Reads every entry of <paramref name="mapping"/> into <paramref name="values"/>; returns false if any was wrong.</summary>
    /// <param name="mapping">The asset's (or defaults') mapping.</param>
    /// <param name="values">Receives the values.</param>
    /// <param name="forDefaults">True for <c>defaults:</c>, where id, output and prompt are refused.</param>
    /// <param name="diagnostics">Receives the errors.</param>
    public static bool Parse(SpecMapping mapping, AssetFieldValues values, bool forDefaults, List<Diagnostic> diagnostics)
    {
        var before = diagnostics.Count;
        foreach (var (key, value) in mapping.Entries)
        {
            ParseField(key, value, values, forDefaults, diagnostics);
        }

        return diagnostics.Count == before;
    }

    private static void ParseField(SpecScalar key, SpecNode value, AssetFieldValues values, bool forDefaults, List<Diagnostic> diagnostics)
    {
        var name = key.Value;
        if (forDefaults && name is AssetFields.Id or AssetFields.Output or AssetFields.Prompt or AssetFields.Prompt2)
        {
            diagnostics.Add(Diagnostic.Error(
                DiagnosticCodes.FieldHasNoDefault,
                $"'{name}' cannot have a default: it is different for every asset. Set it in each spec.",
                key.Location));
            return;
        }

        switch (name)
        {
            case AssetFields.Id:
                if (ReadText(value, name, allowEmpty: false, diagnostics) is { } id)
                {
                    values.Id = id;
                }

                break;
            case AssetFields.Output:
                values.Output = ReadText(value, name, allowEmpty: false, diagnostics);
                break;
            case AssetFields.Model:
                values.Model = ReadText(value, name, allowEmpty: false, diagnostics);
                break;
            case AssetFields.Prompt:
                values.Prompt = ReadText(value, name, allowEmpty: false, diagnostics);
                break;
            case AssetFields.NegativePrompt:
                values.NegativePrompt = ReadText(value, name, allowEmpty: true, diagnostics);
                break;
            case AssetFields.Seed:
                values.Seed = ReadSeed(value, diagnostics);
                break;
            case AssetFields.Steps:
                values.Steps = ReadWholeNumber(value, name, BuiltinAssetDefaults.MinSteps, BuiltinAssetDefaults.MaxSteps, diagnostics);
                break;
            case AssetFields.Cfg:
                values.Cfg = ReadCfg(value, diagnostics);
                break;
            case AssetFields.Scheduler:
                values.Scheduler = ReadText(value, name, allowEmpty: false, diagnostics);
                break;
            case AssetFields.SchedulerOptions:
                values.SchedulerOptions = ReadSchedulerOptions(value, values.Locations, diagnostics);
                break;
            case AssetFields.Width:
            case AssetFields.Height:
                var size = ReadSize(value, name, diagnostics);
                if (name == AssetFields.Width)
                {
                    values.Width = size;
                }
                else
                {
                    values.Height = size;
                }

                break;
            case AssetFields.Rng:
                values.Rng = ReadRng(value, diagnostics);
                break;
            case AssetFields.Tiling:
                values.Tiling = ReadTiling(value, diagnostics);
                break;
            case AssetFields.Loras:
                values.Loras = LoraListParser.Read(value, name, diagnostics);
                break;
            case AssetFields.InitImage when !forDefaults:
                values.InitImage = ReadText(value, name, allowEmpty: false, diagnostics);
                break;
            case AssetFields.Strength when !forDefaults:
                values.Strength = ExpansionFieldParser.ReadStrength(value, diagnostics);
                break;
            case AssetFields.Variants when !forDefaults:
                ExpansionFieldParser.ReadVariants(value, values, diagnostics);
                break;
            case AssetFields.Sweep when !forDefaults:
                values.Sweep = ExpansionFieldParser.ReadSweep(value, diagnostics);
                break;
            case AssetFields.Prompt2 when !forDefaults:
                values.Prompt2 = ReadText(value, name, allowEmpty: false, diagnostics);
                break;
            case AssetFields.NegativePrompt2:
                values.NegativePrompt2 = ReadText(value, name, allowEmpty: true, diagnostics);
                break;
            case AssetFields.OriginalSize:
                values.OriginalSize = SizeConditioningParser.ReadSize(value, name, diagnostics);
                break;
            case AssetFields.TargetSize:
                values.TargetSize = SizeConditioningParser.ReadSize(value, name, diagnostics);
                break;
            case AssetFields.CropTopLeft:
                values.CropTopLeft = SizeConditioningParser.ReadCrop(value, diagnostics);
                break;
            case AssetFields.Sheet when !forDefaults:
                values.Sheet = SheetFieldParser.Read(value, diagnostics);
                break;
            case AssetFields.Post when !forDefaults:
                values.Post = PostFieldParser.Read(value, diagnostics);
                break;
            default:
                diagnostics.Add(UnknownField(key, forDefaults));
                return;
        }

        values.Locations[name] = value.Location;
    }

    private static Diagnostic UnknownField(SpecScalar key, bool forDefaults)
    {
        var name = key.Value;
        foreach (var unsupported in AssetFields.NotSupportedYet)
        {
            if (unsupported == name)
            {
                return Diagnostic.Error(
                    DiagnosticCodes.NotSupportedYet,
                    $"'{name}' is not supported yet by this version of AssetForge; remove it (it would otherwise be silently ignored and the image would not be what the spec says).",
                    key.Location);
            }
        }

        var fields = forDefaults ? AssetFields.Defaultable : AssetFields.All;
        var where = forDefaults ? "under 'defaults:'" : "in an asset";
        var suggestion = SpellingSuggestion.Closest(name, fields) ?? SpellingSuggestion.Closest(name, AssetFields.NotSupportedYet);
        var message = suggestion is not null
            ? $"Unknown key '{name}' {where}. Did you mean '{suggestion}'?"
            : $"Unknown key '{name}' {where}. The fields are: {string.Join(", ", fields)}.";
        return Diagnostic.Error(DiagnosticCodes.UnknownKey, message, key.Location);
    }

    /// <summary>Reads a text value: any scalar as written; null means empty.</summary>
    public static string? ReadText(SpecNode node, string field, bool allowEmpty, List<Diagnostic> diagnostics)
    {
        if (node is not SpecScalar scalar)
        {
            var hint = field is AssetFields.Prompt or AssetFields.NegativePrompt
                ? " To write a long prompt over several lines, use '>' and indent the lines below it."
                : string.Empty;
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'{field}' must be text, but is {node.Describe()}.{hint}", node.Location));
            return null;
        }

        if (scalar.Kind == ScalarKind.Null)
        {
            if (allowEmpty)
            {
                return string.Empty;
            }

            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.EmptyValue, $"'{field}' has no value; write one after the colon.", node.Location));
            return null;
        }

        if (!allowEmpty && string.IsNullOrWhiteSpace(scalar.Value))
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.EmptyValue, $"'{field}' is empty; it needs some text.", node.Location));
            return null;
        }

        return scalar.Value;
    }

    private static int? ReadSize(SpecNode node, string field, List<Diagnostic> diagnostics)
    {
        var size = ReadWholeNumber(node, field, BuiltinAssetDefaults.MinSize, BuiltinAssetDefaults.MaxSize, diagnostics);
        if (size is { } value && value % BuiltinAssetDefaults.SizeMultiple != 0)
        {
            var lower = value / 8 * 8;
            var nearest = lower < BuiltinAssetDefaults.MinSize ? $"{lower + 8}" : $"{lower} or {lower + 8}";
            diagnostics.Add(Diagnostic.Error(
                DiagnosticCodes.NotMultipleOf8,
                $"'{field}' must be a multiple of 8 (the model works on 8x8 pixel blocks), but is {value}; use {nearest}.",
                node.Location));
            return null;
        }

        return size;
    }

    /// <summary>Reads an unquoted integer in [min, max].</summary>
    public static int? ReadWholeNumber(SpecNode node, string field, int min, int max, List<Diagnostic> diagnostics)
    {
        var range = $"a whole number from {min} to {max}";
        if (!TryGetIntegerScalar(node, field, range, diagnostics, out var scalar))
        {
            return null;
        }

        if (!CoreSchema.TryParseInteger(scalar.Value, out var negative, out var magnitude)
            || negative
            || magnitude < (ulong)min
            || magnitude > (ulong)max)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.OutOfRange, $"'{field}' must be {range}, but is {scalar.Value}.", node.Location));
            return null;
        }

        return (int)magnitude;
    }

    internal static ulong? ReadSeed(SpecNode node, List<Diagnostic> diagnostics)
    {
        const string Range = "a whole number from 0 to 18446744073709551615";
        if (node is SpecScalar { Kind: ScalarKind.String } word && string.Equals(word.Value.Trim(), "random", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Add(Diagnostic.Error(
                DiagnosticCodes.RandomSeed,
                "'seed: random' is refused: a build must give the same image every time. Write a fixed seed, e.g. 'seed: 12345'.",
                node.Location));
            return null;
        }

        if (!TryGetIntegerScalar(node, AssetFields.Seed, Range, diagnostics, out var scalar))
        {
            return null;
        }

        if (!CoreSchema.TryParseInteger(scalar.Value, out var negative, out var magnitude))
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.OutOfRange, $"'seed' must be {Range}, but {scalar.Value} is larger.", node.Location));
            return null;
        }

        if (negative)
        {
            diagnostics.Add(Diagnostic.Error(
                DiagnosticCodes.OutOfRange,
                $"'seed' must be {Range}, but is {scalar.Value}. (Some tools take -1 to mean a random seed; a build needs a fixed one.)",
                node.Location));
            return null;
        }

        return magnitude;
    }

    internal static double? ReadCfg(SpecNode node, List<Diagnostic> diagnostics)
    {
        var range = string.Create(CultureInfo.InvariantCulture, $"a number from {BuiltinAssetDefaults.MinCfg} to {BuiltinAssetDefaults.MaxCfg}");
        if (node is not SpecScalar { Kind: ScalarKind.Integer or ScalarKind.Float } scalar)
        {
            diagnostics.Add(TypeError(node, AssetFields.Cfg, range));
            return null;
        }

        var value = CoreSchema.ParseFloat(scalar.Value);
        if (!double.IsFinite(value))
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.NotFinite, $"'cfg' must be {range}, but is {scalar.Value}.", node.Location));
            return null;
        }

        if (value < BuiltinAssetDefaults.MinCfg || value > BuiltinAssetDefaults.MaxCfg)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.OutOfRange, $"'cfg' must be {range}, but is {scalar.Value}.", node.Location));
            return null;
        }

        // -0 and 0 must hash the same.
        return value == 0 ? 0 : value;
    }

    private static string? ReadRng(SpecNode node, List<Diagnostic> diagnostics)
    {
        if (ReadText(node, AssetFields.Rng, allowEmpty: false, diagnostics) is not { } text)
        {
            return null;
        }

        foreach (var kind in NoiseSources.Kinds)
        {
            if (string.Equals(kind, text, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        diagnostics.Add(Diagnostic.Error(
            DiagnosticCodes.UnknownRng,
            $"Unknown rng '{text}'.{SpellingSuggestion.DidYouMean(text, NoiseSources.Kinds, ignoreCase: true)} The RNG kinds are: {string.Join(", ", NoiseSources.Kinds)}.",
            node.Location));
        return null;
    }

    private static TilingAxes? ReadTiling(SpecNode node, List<Diagnostic> diagnostics)
    {
        switch (node)
        {
            case SpecScalar { Kind: ScalarKind.Bool } flag:
                return flag.Value[0] is 't' or 'T' ? TilingAxes.Both : TilingAxes.None;
            case SpecScalar { Kind: ScalarKind.String } axis when string.Equals(axis.Value, "x", StringComparison.OrdinalIgnoreCase):
                return TilingAxes.X;
            case SpecScalar { Kind: ScalarKind.String } axis when string.Equals(axis.Value, "y", StringComparison.OrdinalIgnoreCase):
                return TilingAxes.Y;
            default:
                diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.InvalidTiling,
                    $"'tiling' must be true (wrap both ways), x (wrap left-right), y (wrap top-bottom) or false, but is {node.Describe()}.",
                    node.Location));
                return null;
        }
    }

    private static bool TryGetIntegerScalar(SpecNode node, string field, string range, List<Diagnostic> diagnostics, out SpecScalar scalar)
    {
        if (node is SpecScalar { Kind: ScalarKind.Integer } integer)
        {
            scalar = integer;
            return true;
        }

        scalar = null!;
        diagnostics.Add(TypeError(node, field, range));
        return false;
    }

    internal static Diagnostic TypeError(SpecNode node, string field, string expected)
    {
        if (node is SpecScalar { Kind: ScalarKind.Null })
        {
            return Diagnostic.Error(DiagnosticCodes.EmptyValue, $"'{field}' has no value; it must be {expected}.", node.Location);
        }

        var hint = node is SpecScalar { IsQuoted: true } quoted && CoreSchema.ResolvePlain(quoted.Value.Trim()) is ScalarKind.Integer or ScalarKind.Float
            ? " Remove the quotes."
            : string.Empty;
        return Diagnostic.Error(DiagnosticCodes.WrongType, $"'{field}' must be {expected}, but is {node.Describe()}.{hint}", node.Location);
    }

    private static SchedulerConfig? ReadSchedulerOptions(SpecNode node, Dictionary<string, SourceLocation> locations, List<Diagnostic> diagnostics)
    {
        if (node is SpecScalar { Kind: ScalarKind.Null })
        {
            return SchedulerConfig.Empty;
        }

        if (node is not SpecMapping mapping)
        {
            diagnostics.Add(Diagnostic.Error(
                DiagnosticCodes.WrongType,
                $"'scheduler_options' must be a mapping of option names to values (e.g. 'scheduler_options: {{ timestep_spacing: trailing }}'), but is {node.Describe()}.",
                node.Location));
            return null;
        }

        if (mapping.Entries.Count == 0)
        {
            return SchedulerConfig.Empty;
        }

        var before = diagnostics.Count;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in mapping.Entries)
            {
                locations[AssetFields.SchedulerOptionKey(key.Value)] = key.Location;
                writer.WritePropertyName(key.Value);
                WriteJson(writer, value, key.Value, diagnostics);
            }

            writer.WriteEndObject();
        }

        if (diagnostics.Count != before)
        {
            return null;
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var options = new List<KeyValuePair<string, JsonElement>>(mapping.Entries.Count);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            options.Add(new KeyValuePair<string, JsonElement>(property.Name, property.Value));
        }

        return SchedulerConfig.From(options);
    }

    // YAML core schema → JSON: null, bool, integer, float, string; lists → arrays; mappings → objects.
    private static void WriteJson(Utf8JsonWriter writer, SpecNode node, string option, List<Diagnostic> diagnostics)
    {
        switch (node)
        {
            case SpecScalar scalar:
                WriteScalar(writer, scalar, option, diagnostics);
                break;
            case SpecSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    WriteJson(writer, item, option, diagnostics);
                }

                writer.WriteEndArray();
                break;
            case SpecMapping mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    writer.WritePropertyName(key.Value);
                    WriteJson(writer, value, option, diagnostics);
                }

                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, SpecScalar scalar, string option, List<Diagnostic> diagnostics)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            case ScalarKind.Bool:
                writer.WriteBooleanValue(scalar.Value[0] is 't' or 'T');
                break;
            case ScalarKind.Integer:
                if (!CoreSchema.TryParseInteger(scalar.Value, out var negative, out var magnitude))
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidSchedulerOption, $"Scheduler option '{option}': the integer {scalar.Value} is too large.", scalar.Location));
                    writer.WriteNullValue();
                }
                else if (negative)
                {
                    // Magnitudes up to 2^63 are representable as negative longs; beyond, write the exact decimal.
                    if (magnitude <= (ulong)long.MaxValue + 1)
                    {
                        writer.WriteNumberValue(magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude);
                    }
                    else
                    {
                        writer.WriteRawValue("-" + magnitude.ToString(CultureInfo.InvariantCulture));
                    }
                }
                else
                {
                    writer.WriteNumberValue(magnitude);
                }

                break;
            case ScalarKind.Float:
                var value = CoreSchema.ParseFloat(scalar.Value);
                if (!double.IsFinite(value))
                {
                    diagnostics.Add(Diagnostic.Error(
                        DiagnosticCodes.InvalidSchedulerOption,
                        $"Scheduler option '{option}': {scalar.Value} cannot be used; scheduler options must be finite numbers (they are stored as JSON).",
                        scalar.Location));
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteNumberValue(value == 0 ? 0.0 : value);
                }

                break;
            default:
                writer.WriteStringValue(scalar.Value);
                break;
        }
    }
}
