namespace AssetForge.Core.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Sheets;
using AssetForge.Core.Specs.Yaml;

/// <summary>Reads <c>sheet: { members: [..], padding: 2, max_width: 1024, packer: maxrects, trim: true, rotate: true, pow2: true, format: godot }</c>.</summary>
internal static class SheetFieldParser
{
    /// <summary>The keys of <c>sheet:</c> (also the JSON Schema's).</summary>
    internal static readonly string[] Keys = ["members", "padding", "max_width", "packer", "trim", "rotate", "pow2", "format"];

    /// <summary>The values of <c>sheet.packer</c> (also the JSON Schema's).</summary>
    internal static readonly string[] Packers = ["maxrects", "shelf"];

    /// <summary>The values of <c>sheet.format</c> (also the JSON Schema's).</summary>
    internal static readonly string[] Formats = ["texturepacker", "godot", "unity"];

    public static SpriteSheetSpec? Read(SpecNode node, List<Diagnostic> diagnostics)
    {
        if (node is not SpecMapping mapping)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'sheet' must be a mapping, e.g. sheet: {{ members: [\"icons/*\"], padding: 2, max_width: 1024 }}; got {node.Describe()}.", node.Location));
            return null;
        }

        var before = diagnostics.Count;
        List<string>? members = null;
        var membersLocation = mapping.Location;
        int? padding = null, maxWidth = null;
        var packer = SheetPackerKind.MaxRects;
        var format = SheetMapFormat.TexturePacker;
        bool trim = false, rotate = false, powerOfTwo = false;
        SpecNode? rotateNode = null;
        foreach (var (key, value) in mapping.Entries)
        {
            switch (key.Value)
            {
                case "members":
                    membersLocation = value.Location;
                    if (value is not SpecSequence { Items.Count: > 0 } list)
                    {
                        diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'sheet.members' must be a non-empty list of asset ids or globs, e.g. [\"icons/*\"]; got {value.Describe()}.", value.Location));
                        break;
                    }

                    members = [];
                    foreach (var item in list.Items)
                    {
                        if (AssetFieldParser.ReadText(item, "sheet.members", allowEmpty: false, diagnostics) is { } member)
                        {
                            if (SpecGlob.TryParse(member, out var error) is null)
                            {
                                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"The sheet member '{member}' {error}.", item.Location));
                                continue;
                            }

                            members.Add(member);
                        }
                    }

                    break;
                case "padding":
                    padding = AssetFieldParser.ReadWholeNumber(value, "sheet.padding", 0, SpriteSheetSpec.MaxPadding, diagnostics);
                    break;
                case "max_width":
                    maxWidth = AssetFieldParser.ReadWholeNumber(value, "sheet.max_width", 1, SpriteSheetSpec.MaxMaxWidth, diagnostics);
                    break;
                case "packer":
                    packer = ReadChoice(value, "sheet.packer", Packers, diagnostics) == "shelf" ? SheetPackerKind.Shelf : SheetPackerKind.MaxRects;
                    break;
                case "format":
                    format = ReadChoice(value, "sheet.format", Formats, diagnostics) switch
                    {
                        "godot" => SheetMapFormat.Godot,
                        "unity" => SheetMapFormat.Unity,
                        _ => SheetMapFormat.TexturePacker,
                    };
                    break;
                case "trim":
                    trim = ReadFlag(value, "sheet.trim", diagnostics);
                    break;
                case "rotate":
                    rotate = ReadFlag(value, "sheet.rotate", diagnostics);
                    rotateNode = value;
                    break;
                case "pow2":
                    powerOfTwo = ReadFlag(value, "sheet.pow2", diagnostics);
                    break;
                default:
                    var suggestion = SpellingSuggestion.Closest(key.Value, Keys);
                    diagnostics.Add(Diagnostic.Error(
                        DiagnosticCodes.UnknownKey,
                        suggestion is not null ? $"Unknown key '{key.Value}' in 'sheet'. Did you mean '{suggestion}'?" : $"Unknown key '{key.Value}' in 'sheet'. Its keys are: {string.Join(", ", Keys)}.",
                        key.Location));
                    break;
            }
        }

        if (members is null && diagnostics.Count == before)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.MissingField, "'sheet' needs 'members': the asset ids or globs to pack, e.g. members: [\"icons/*\"].", mapping.Location));
        }

        if (rotate && rotateNode is not null && (packer == SheetPackerKind.Shelf || format != SheetMapFormat.TexturePacker))
        {
            var why = packer == SheetPackerKind.Shelf
                ? "the shelf packer never rotates; use packer: maxrects"
                : $"{(format == SheetMapFormat.Godot ? "Godot's AtlasTexture" : "Unity's sprite slicing")} cannot show rotated frames; use format: texturepacker or rotate: false";
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.OutOfRange, $"'sheet.rotate' cannot be true here: {why}.", rotateNode.Location));
        }

        return diagnostics.Count == before
            ? new SpriteSheetSpec(members!, padding ?? SpriteSheetSpec.DefaultPadding, maxWidth ?? SpriteSheetSpec.DefaultMaxWidth, membersLocation)
            {
                Packer = packer,
                Trim = trim,
                Rotate = rotate,
                PowerOfTwo = powerOfTwo,
                Format = format,
            }
            : null;
    }

    private static bool ReadFlag(SpecNode node, string field, List<Diagnostic> diagnostics)
    {
        if (node is SpecScalar { Kind: ScalarKind.Bool } flag)
        {
            return flag.Value[0] is 't' or 'T';
        }

        diagnostics.Add(AssetFieldParser.TypeError(node, field, "true or false"));
        return false;
    }

    private static string? ReadChoice(SpecNode node, string field, string[] choices, List<Diagnostic> diagnostics)
    {
        if (node is SpecScalar { Kind: ScalarKind.String } text && Array.IndexOf(choices, text.Value) >= 0)
        {
            return text.Value;
        }

        var written = node is SpecScalar scalar ? scalar.Value : string.Empty;
        diagnostics.Add(Diagnostic.Error(
            DiagnosticCodes.OutOfRange,
            $"'{field}' must be one of {string.Join(", ", choices)}, but is {node.Describe()}.{SpellingSuggestion.DidYouMean(written, choices, ignoreCase: true)}",
            node.Location));
        return null;
    }
}
