namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Imaging;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;
using AssetForge.Core.Plugins;
using AssetForge.Core.Specs;

/// <summary>Plans specs with <c>variants:</c> and <c>sweep:</c>: one keyed asset per image, and a sweep's contact sheet over its cells.</summary>
internal static class ExpansionPlanner
{
    public static async Task PlanAsync(
        ProjectConfig config,
        PluginCatalog catalog,
        ModelResolver resolver,
        AssetSpec spec,
        List<PlannedAsset> planned,
        List<AssetOutcome> failures,
        CancellationToken cancellationToken)
    {
        var (images, sheet) = SpecExpander.Expand(spec);
        var cells = new List<PlannedAsset>(images.Count);
        foreach (var image in images)
        {
            var (asset, error) = await AssetPlanner.PlanAsync(config, catalog, resolver, image.Spec, cancellationToken).ConfigureAwait(false);
            if (asset is not null)
            {
                asset = asset with { Origin = image.Origin };
                planned.Add(asset);
                cells.Add(asset);
            }
            else
            {
                failures.Add(new AssetOutcome(image.Spec.Id, AssetOutcomeKind.Failed, ProjectPlanner.OutputPathOf(config, image.Spec), null, [error!]));
            }
        }

        if (sheet is null)
        {
            return;
        }

        if (cells.Count != images.Count)
        {
            var error = Diagnostic.Error(ImagingCodes.SheetCellFailed, "The contact sheet cannot be planned: some of its cells failed (see above).", spec.Location);
            failures.Add(new AssetOutcome(spec.Id, AssetOutcomeKind.Failed, ProjectPlanner.OutputPathOf(config, spec), null, [error]));
            return;
        }

        planned.Add(PlanSheet(config, spec, sheet, cells));
    }

    // The sheet is derived from its cells: its key covers their keys, the layout and labels, and
    // the toolkit that draws it; nothing of the generation itself.
    private static PlannedAsset PlanSheet(ProjectConfig config, AssetSpec spec, ContactSheetPlan sheet, List<PlannedAsset> cells)
    {
        var first = cells[0];
        var toolkit = first.Model.Backend is IImageToolkit t ? t.ToolkitVersion : first.Model.Backend.Id + " " + first.Model.Backend.Version;
        var keys = new List<string>(cells.Count);
        foreach (var cell in cells)
        {
            keys.Add(CanonicalJson.String(cell.Key.Hex));
        }

        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["kind"] = CanonicalJson.String("contact_sheet"),
            ["layout"] = CanonicalJson.Number(ContactSheetPlan.LayoutVersion),
            ["toolkit"] = CanonicalJson.String(toolkit),
            ["cells"] = CanonicalJson.Array(keys),
            ["title"] = CanonicalJson.String(sheet.Title),
            ["column_axis"] = CanonicalJson.String(sheet.ColumnAxis),
            ["columns"] = CanonicalJson.Array(sheet.ColumnLabels.Select(CanonicalJson.String)),
            ["row_axis"] = CanonicalJson.String(sheet.RowAxis),
            ["rows"] = CanonicalJson.Array(sheet.RowLabels.Select(CanonicalJson.String)),
        };
        return new PlannedAsset(spec, ProjectPlanner.OutputPathOf(config, spec), first.Model, first.Scheduler, first.SchedulerConfig, fields, ActionKeyInputs.ComputeKey(fields))
        {
            Origin = new AssetOrigin(spec.Id, AssetRole.ContactSheet, []),
            Sheet = sheet,
        };
    }
}
