namespace AssetForge.Core.Build;

using System.Globalization;
using AssetForge.Core.Specs;

/// <summary>
/// Expands a spec with <c>variants:</c> or <c>sweep:</c> into the images it stands for. Each is an
/// ordinary spec of its own (its own key, generated and cached alone), named predictably:
/// variant <c>potion.png</c> seed 7 → id <c>potion:s7</c>, output <c>potion_s7.png</c>; sweep cell
/// cfg 7, steps 20 → id <c>potion:cfg7_steps20</c>, output <c>potion_cfg7_steps20.png</c>; the
/// sweep's own id and output are its contact sheet.
/// </summary>
internal static class SpecExpander
{
    /// <summary>An expanded image spec and its origin.</summary>
    public sealed record Expanded(AssetSpec Spec, AssetOrigin Origin);

    /// <summary>The image specs of <paramref name="spec"/>, and the sheet's layout when it is a sweep.</summary>
    public static (IReadOnlyList<Expanded> Images, ContactSheetPlan? Sheet) Expand(AssetSpec spec)
    {
        if (spec.Variants is { } seeds)
        {
            var variants = new List<Expanded>(seeds.Count);
            foreach (var seed in seeds)
            {
                var suffix = "s" + seed.ToString(CultureInfo.InvariantCulture);
                variants.Add(new Expanded(
                    Derive(spec, suffix) with { Seed = seed },
                    new AssetOrigin(spec.Id, AssetRole.Variant, [new("seed", seed.ToString(CultureInfo.InvariantCulture))])));
            }

            return (variants, null);
        }

        if (spec.Sweep is not { Count: > 0 } axes)
        {
            return ([new Expanded(spec, AssetOrigin.Single(spec.Id))], null);
        }

        // Row-major: the first axis varies fastest (columns), the others make the rows.
        var cells = new List<Expanded>();
        var index = new int[axes.Count];
        while (true)
        {
            var cell = spec with { Sweep = null };
            var coordinates = new List<KeyValuePair<string, string>>(axes.Count);
            var nameParts = new List<string>(axes.Count);
            for (var a = 0; a < axes.Count; a++)
            {
                var axis = axes[a];
                var value = axis.Values[index[a]];
                coordinates.Add(new(axis.Field, value));
                nameParts.Add(NamePart(axis.Field, value, index[a]));
                cell = Apply(cell, axis.Field, value);
            }

            cells.Add(new Expanded(Derive(cell, string.Join('_', nameParts)), new AssetOrigin(spec.Id, AssetRole.SweepCell, coordinates)));

            var carry = 0;
            while (carry < axes.Count && ++index[carry] == axes[carry].Values.Count)
            {
                index[carry] = 0;
                carry++;
            }

            if (carry == axes.Count)
            {
                break;
            }
        }

        return (cells, SheetOf(spec, axes, cells));
    }

    private static ContactSheetPlan SheetOf(AssetSpec spec, IReadOnlyList<SweepAxis> axes, List<Expanded> cells)
    {
        var columnAxis = axes[0];
        var columnLabels = new List<string>(columnAxis.Values.Count);
        foreach (var value in columnAxis.Values)
        {
            columnLabels.Add(ContactSheetPlan.Label(columnAxis.Field, value));
        }

        var rowFields = new List<string>();
        for (var a = 1; a < axes.Count; a++)
        {
            rowFields.Add(axes[a].Field);
        }

        var rowLabels = new List<string>();
        for (var first = 0; first < cells.Count; first += columnLabels.Count)
        {
            var parts = new List<string>(axes.Count - 1);
            var coordinates = cells[first].Origin.Coordinates;
            for (var a = 1; a < coordinates.Count; a++)
            {
                parts.Add(ContactSheetPlan.Label(coordinates[a].Key, coordinates[a].Value));
            }

            rowLabels.Add(string.Join(", ", parts));
        }

        var ids = new List<string>(cells.Count);
        foreach (var cell in cells)
        {
            ids.Add(cell.Spec.Id);
        }

        return new ContactSheetPlan(ids, columnAxis.Field, columnLabels, string.Join(", ", rowFields), rowLabels, spec.Prompt);
    }

    private static AssetSpec Apply(AssetSpec spec, string field, string value) => field switch
    {
        AssetFields.Cfg => spec with { Cfg = double.Parse(value, CultureInfo.InvariantCulture) },
        AssetFields.Steps => spec with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
        AssetFields.Seed => spec with { Seed = ulong.Parse(value, CultureInfo.InvariantCulture) },
        AssetFields.Scheduler => spec with { Scheduler = value },
        _ => spec with { Prompt = spec.Prompt + value },
    };

    // File-name safe: numbers as written, scheduler ids as they are, prompt suffixes by position.
    private static string NamePart(string field, string value, int position) => field switch
    {
        SweepAxis.PromptSuffix => "prompt" + position.ToString(CultureInfo.InvariantCulture),
        AssetFields.Scheduler => SafeName(value),
        _ => field + value,
    };

    private static string SafeName(string value)
    {
        Span<char> buffer = stackalloc char[Math.Min(value.Length, 64)];
        for (var i = 0; i < buffer.Length; i++)
        {
            var c = value[i];
            buffer[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? char.ToLowerInvariant(c) : '-';
        }

        return new string(buffer);
    }

    private static AssetSpec Derive(AssetSpec spec, string suffix)
    {
        var output = spec.Output;
        var extension = Path.GetExtension(output);
        return spec with
        {
            Id = spec.Id + ":" + suffix,
            Output = output[..^extension.Length] + "_" + suffix + extension,
            Variants = null,
            Sweep = null,
        };
    }
}
