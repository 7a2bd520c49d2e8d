namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Imaging;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;
using AssetForge.Core.Specs;

/// <summary>Plans <c>sheet:</c> assets over the other planned assets (members by id or glob).</summary>
internal static class SpriteSheetPlanner
{
    public static void Plan(ProjectConfig config, List<AssetSpec> sheets, List<PlannedAsset> planned, List<AssetOutcome> failures)
    {
        var candidates = planned.Where(a => a.SpriteSheet is null).ToList();
        foreach (var spec in sheets)
        {
            var sheet = spec.Sheet!;
            var members = new SortedSet<string>(StringComparer.Ordinal);
            Diagnostic? error = null;
            foreach (var pattern in sheet.Members)
            {
                var glob = SpecGlob.TryParse(pattern, out _);
                var matched = false;
                foreach (var candidate in candidates)
                {
                    if (candidate.Spec.Id == pattern || (glob is not null && glob.IsMatch(candidate.Spec.Id)))
                    {
                        members.Add(candidate.Spec.Id);
                        matched = true;
                    }
                }

                if (!matched)
                {
                    error = Diagnostic.Error(EngineCodes.SheetMemberNotFound, $"The sheet member '{pattern}' matches no asset that could be planned (members are asset ids or globs over ids, e.g. 'icons/*').", sheet.MembersLocation);
                    break;
                }
            }

            if (error is not null)
            {
                failures.Add(new AssetOutcome(spec.Id, AssetOutcomeKind.Failed, ProjectPlanner.OutputPathOf(config, spec), null, [error]));
                continue;
            }

            var memberAssets = members.Select(id => candidates.First(c => c.Spec.Id == id)).ToList();
            var first = memberAssets[0];
            var toolkit = first.Model.Backend is IImageToolkit t ? t.ToolkitVersion : first.Model.Backend.Id + " " + first.Model.Backend.Version;
            var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["kind"] = CanonicalJson.String("sprite_sheet"),
                ["packer"] = CanonicalJson.String(SpriteSheetPlan.PackerVersion),
                ["toolkit"] = CanonicalJson.String(toolkit),
                ["padding"] = CanonicalJson.Number(sheet.Padding),
                ["max_width"] = CanonicalJson.Number(sheet.MaxWidth),
                ["layout"] = CanonicalJson.Object(sheet.Layout.KeyFields().Select(f => new KeyValuePair<string, string>(f.Key, CanonicalJson.String(f.Value)))),
                ["members"] = CanonicalJson.Array(memberAssets.Select(m => CanonicalJson.Object(
                [
                    new("id", CanonicalJson.String(m.Spec.Id)),
                    new("key", CanonicalJson.String(m.Key.Hex)),
                ]))),
            };
            var outputPath = ProjectPlanner.OutputPathOf(config, spec);
            var plan = new SpriteSheetPlan([.. members], sheet.Padding, sheet.MaxWidth, spec.Id, spec.Id + ":map", Path.GetFileName(spec.Output)) { Layout = sheet.Layout };
            // One node with two outputs (atlas and map): the lowering gives each its own target.
            planned.Add(new PlannedAsset(spec, outputPath, first.Model, first.Scheduler, first.SchedulerConfig, fields, ActionKeyInputs.ComputeKey(fields))
            {
                SpriteSheet = plan,
            });
        }
    }
}
