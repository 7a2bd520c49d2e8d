namespace AssetForge.Core.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs.Yaml;

/// <summary>Reads <c>sheet: { members: [..], padding: 2, max_width: 1024 }</c>.</summary>
internal static class SheetFieldParser
{
    /// <summary>The keys of <c>sheet:</c> (also the JSON Schema's).</summary>
    internal static readonly string[] Keys = ["members", "padding", "max_width"];

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

        return diagnostics.Count == before
            ? new SpriteSheetSpec(members!, padding ?? SpriteSheetSpec.DefaultPadding, maxWidth ?? SpriteSheetSpec.DefaultMaxWidth, membersLocation)
            : null;
    }
}
