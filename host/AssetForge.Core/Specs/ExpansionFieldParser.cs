namespace AssetForge.Core.Specs;

using System.Globalization;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs.Yaml;

/// <summary>
/// Reads the fields that turn one spec into several images (<c>variants:</c>, <c>sweep:</c>) and
/// img2img's <c>strength:</c>. Each value is checked with the same rules as the field it varies.
/// </summary>
internal static class ExpansionFieldParser
{
    /// <summary>The most seeds <c>variants:</c> may list or count.</summary>
    public const int MaxVariants = 64;

    public static double? ReadStrength(SpecNode node, List<Diagnostic> diagnostics)
    {
        const string Range = "a number greater than 0 and at most 1";
        if (node is not SpecScalar { Kind: ScalarKind.Integer or ScalarKind.Float } scalar)
        {
            diagnostics.Add(AssetFieldParser.TypeError(node, AssetFields.Strength, Range));
            return null;
        }

        var value = CoreSchema.ParseFloat(scalar.Value);
        if (!double.IsFinite(value) || value <= 0 || value > 1)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidStrength, $"'strength' must be {Range}, but is {scalar.Value}.", node.Location));
            return null;
        }

        return value;
    }

    /// <summary>Reads <c>variants:</c> into <see cref="AssetFieldValues.Variants"/> or <see cref="AssetFieldValues.VariantCount"/>.</summary>
    public static void ReadVariants(SpecNode node, AssetFieldValues values, List<Diagnostic> diagnostics)
    {
        const string Shape = "'variants:' must be '{ seeds: [1, 2, 3] }' or '{ count: 4 }' (seeds seed, seed+1, ...)";
        if (node is not SpecMapping { Entries.Count: 1 } mapping)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidVariants, $"{Shape}, but is {node.Describe()}.", node.Location));
            return;
        }

        var (key, value) = mapping.Entries[0];
        switch (key.Value)
        {
            case "count":
                // The seeds (seed..seed+N-1) are resolved by the loader, once the seed (maybe a default) is known.
                values.VariantCount = AssetFieldParser.ReadWholeNumber(value, "variants.count", 1, MaxVariants, diagnostics);
                return;
            case "seeds":
                if (value is not SpecSequence { Items.Count: > 0 } sequence || sequence.Items.Count > MaxVariants)
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidVariants, $"'variants.seeds' must be a list of 1 to {MaxVariants} seeds, e.g. [1, 2, 3].", value.Location));
                    return;
                }

                var seeds = new List<ulong>(sequence.Items.Count);
                var before = diagnostics.Count;
                foreach (var item in sequence.Items)
                {
                    if (AssetFieldParser.ReadSeed(item, diagnostics) is not { } seed)
                    {
                        continue;
                    }

                    if (seeds.Contains(seed))
                    {
                        diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidVariants, $"The seed {seed} is listed twice in 'variants.seeds'.", item.Location));
                        continue;
                    }

                    seeds.Add(seed);
                }

                values.Variants = diagnostics.Count == before ? seeds : null;
                return;
            default:
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidVariants, $"Unknown key '{key.Value}' in 'variants:'. {Shape}.", key.Location));
                return;
        }
    }

    public static IReadOnlyList<SweepAxis>? ReadSweep(SpecNode node, List<Diagnostic> diagnostics)
    {
        var fields = string.Join(", ", SweepAxis.Fields);
        if (node is not SpecMapping { Entries.Count: > 0 } mapping)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidSweep, $"'sweep:' must map fields ({fields}) to lists of values, e.g. '{{ cfg: [6, 7, 8], steps: [10, 20] }}', but is {node.Describe()}.", node.Location));
            return null;
        }

        var before = diagnostics.Count;
        var axes = new List<SweepAxis>(mapping.Entries.Count);
        long cells = 1;
        foreach (var (key, value) in mapping.Entries)
        {
            if (!SweepAxis.Fields.Contains(key.Value))
            {
                var suggestion = SpellingSuggestion.DidYouMean(key.Value, SweepAxis.Fields);
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidSweep, $"'sweep:' cannot vary '{key.Value}'.{suggestion} A sweep varies: {fields}.", key.Location));
                continue;
            }

            IReadOnlyList<SpecNode> items = value is SpecSequence sequence ? sequence.Items : [value];
            if (items.Count == 0)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidSweep, $"'sweep.{key.Value}' has no values.", value.Location));
                continue;
            }

            var values = new List<string>(items.Count);
            foreach (var item in items)
            {
                if (ReadAxisValue(key.Value, item, diagnostics) is not { } text)
                {
                    continue;
                }

                if (values.Contains(text))
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidSweep, $"'sweep.{key.Value}' lists {text} twice.", item.Location));
                    continue;
                }

                values.Add(text);
            }

            cells *= Math.Max(1, values.Count);
            axes.Add(new SweepAxis(key.Value, values));
        }

        if (cells > SweepAxis.MaxCells)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidSweep, $"'sweep:' makes {cells} cells; at most {SweepAxis.MaxCells} are allowed. Split it into several specs.", node.Location));
        }

        return diagnostics.Count == before ? axes : null;
    }

    private static string? ReadAxisValue(string field, SpecNode item, List<Diagnostic> diagnostics)
    {
        switch (field)
        {
            case AssetFields.Cfg:
                return AssetFieldParser.ReadCfg(item, diagnostics) is { } cfg ? cfg.ToString("R", CultureInfo.InvariantCulture) : null;
            case AssetFields.Steps:
                return AssetFieldParser.ReadWholeNumber(item, "sweep.steps", BuiltinAssetDefaults.MinSteps, BuiltinAssetDefaults.MaxSteps, diagnostics) is { } steps
                    ? steps.ToString(CultureInfo.InvariantCulture)
                    : null;
            case AssetFields.Seed:
                return AssetFieldParser.ReadSeed(item, diagnostics) is { } seed ? seed.ToString(CultureInfo.InvariantCulture) : null;
            case AssetFields.Scheduler:
                return AssetFieldParser.ReadText(item, "sweep.scheduler", allowEmpty: false, diagnostics);
            default:
                return AssetFieldParser.ReadText(item, "sweep.prompt_suffix", allowEmpty: true, diagnostics);
        }
    }
}
