namespace AssetForge.Core.Graph;

using AssetForge.Abstractions.PostProcessing;
using AssetForge.Core.Actions;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;
using AssetForge.Core.Specs;

/// <summary>
/// Lowers keyed assets into the action graph: a compile-model node per distinct checkpoint
/// compile (model source, LoRA set, precision: one key) that some generation needs, a generation
/// node per image (variants and sweep cells are images) reading its compiled model, a node per post stage, a contact sheet node over its cells, a sprite sheet
/// node (atlas and map) over its members; and a target per output file, including each extra output
/// of a post stage (<c>ground_n.png</c> of a <c>normal_map</c> stage: a named output of that stage's node). Pure: no disk, no plugin
/// calls. Output paths are checked here, after expansion, so two producers of one file are an
/// error however they came about.
/// </summary>
internal static class GraphLowering
{
    /// <summary>The graph, and the assets that could not be lowered (with their diagnostics, not yet reported).</summary>
    public sealed record Result(ActionGraph Graph, IReadOnlyList<AssetOutcome> Failures);

    public static Result Lower(IReadOnlyList<PlannedAsset> assets)
    {
        var nodes = new List<ActionNode>();
        var known = new HashSet<ActionKey>();
        var targets = new List<BuildTarget>(assets.Count + 1);
        var sourceOf = new Dictionary<string, NodeOutputRef>(StringComparer.Ordinal);
        var failures = new List<AssetOutcome>();

        void Add(ActionNode node)
        {
            // Equal keys are one action: the first asset that needs it names it.
            if (known.Add(node.Key))
            {
                nodes.Add(node);
            }
        }

        foreach (var asset in assets)
        {
            var location = asset.Spec.Location;
            if (asset.Sheet is { } sheet)
            {
                if (InputsOf(sheet.CellIds, sourceOf) is not { } cells)
                {
                    failures.Add(Failure(asset, asset.Spec.Id, asset.OutputPath, "The contact sheet cannot be planned: some of its cells failed (see above)."));
                    continue;
                }

                Add(new ActionNode(asset.Key, NodeKind.ContactSheet, cells, [ActionRecord.ImageOutput], asset.Spec.Id, location, new ContactSheetWork(asset)));
                targets.Add(TargetOf(asset, asset.Spec.Id, asset.OutputPath, asset.Spec.Output, new NodeOutputRef(asset.Key, ActionRecord.ImageOutput), asset.Fields));
            }
            else if (asset.SpriteSheet is { } spriteSheet)
            {
                if (InputsOf(spriteSheet.MemberIds, sourceOf) is not { } members)
                {
                    failures.Add(Failure(asset, asset.Spec.Id, asset.OutputPath, "The sprite sheet cannot be planned: some of its members failed (see above)."));
                    continue;
                }

                Add(new ActionNode(asset.Key, NodeKind.SpriteSheet, members, [SpriteSheetWork.AtlasOutput, SpriteSheetWork.MapOutput], asset.Spec.Id, location, new SpriteSheetWork(asset)));
                targets.Add(TargetOf(asset, asset.Spec.Id, asset.OutputPath, asset.Spec.Output, new NodeOutputRef(asset.Key, SpriteSheetWork.AtlasOutput), asset.Fields));
                var mapOutput = spriteSheet.Layout.MapOutputOf(asset.Spec.Output);
                targets.Add(TargetOf(asset, spriteSheet.MapAssetId, Path.Combine(Path.GetDirectoryName(asset.OutputPath)!, Path.GetFileName(mapOutput)), mapOutput, new NodeOutputRef(asset.Key, SpriteSheetWork.MapOutput), PartFields(asset, "map")));
            }
            else
            {
                // The generation is keyed (and its PNG's metadata written) over its own fields only;
                // the post chain is nodes of its own after it.
                var generation = asset.Generation;
                IReadOnlyList<NodeOutputRef> model = [];
                if (generation.Model.Compilation is { } compilation)
                {
                    // Where a compile fails is the model the spec names.
                    Add(new ActionNode(compilation.Key, NodeKind.CompileModel, [], [ModelCompilation.Output], $"model {compilation.ModelName}", generation.Spec.LocationOf(AssetFields.Model), new CompileModelWork(compilation)));
                    model = [new NodeOutputRef(compilation.Key, ModelCompilation.Output)];
                }

                Add(new ActionNode(generation.Key, NodeKind.Generation, model, [ActionRecord.ImageOutput], asset.Spec.Id, location, new GenerateImageWork(generation)));
                var last = generation.Key;
                var extraTargets = new List<BuildTarget>();
                foreach (var stage in asset.PostStages)
                {
                    var outputs = new List<string>(1 + stage.Extras.Count) { ActionRecord.ImageOutput };
                    foreach (var extra in stage.Extras)
                    {
                        outputs.Add(extra.Name);
                        extraTargets.Add(ExtraTargetOf(asset, stage, extra));
                    }

                    Add(new ActionNode(stage.Key, NodeKind.PostStage, [new NodeOutputRef(stage.InputKey, ActionRecord.ImageOutput)], outputs, asset.Spec.Id, stage.Location, new PostStepWork(stage)));
                    last = stage.Key;
                }

                targets.Add(TargetOf(asset, asset.Spec.Id, asset.OutputPath, asset.Spec.Output, new NodeOutputRef(last, ActionRecord.ImageOutput), asset.Fields));
                sourceOf[asset.Spec.Id] = targets[^1].Source;
                targets.AddRange(extraTargets);
                continue;
            }

            // A sprite sheet's atlas (not its map) is what a sheet over it would read.
            sourceOf[asset.Spec.Id] = asset.SpriteSheet is not null ? targets[^2].Source : targets[^1].Source;
        }

        var unique = WithoutClashes(targets, failures);
        return new Result(new ActionGraph(nodes, unique), failures);
    }

    private static List<NodeOutputRef>? InputsOf(IReadOnlyList<string> ids, Dictionary<string, NodeOutputRef> sourceOf)
    {
        var inputs = new List<NodeOutputRef>(ids.Count);
        foreach (var id in ids)
        {
            if (!sourceOf.TryGetValue(id, out var source))
            {
                return null;
            }

            inputs.Add(source);
        }

        return inputs;
    }

    private static BuildTarget TargetOf(PlannedAsset asset, string id, string outputPath, string output, NodeOutputRef source, IReadOnlyDictionary<string, string> fields) =>
        new(id, asset.Origin.SpecId, outputPath, output, source, fields, asset.Spec.Location, asset);

    // An extra is a file beside the main output, <stem><suffix>.<ext>, recorded with the asset's
    // fields plus which part it is, so status names the asset's fields when it is stale.
    private static BuildTarget ExtraTargetOf(PlannedAsset asset, PostStagePlan stage, PostStepExtraOutput extra)
    {
        var extension = extra.Format == "jpeg" ? ".jpg" : "." + extra.Format;
        var fileName = Path.GetFileNameWithoutExtension(asset.Spec.Output) + extra.Suffix + extension;
        var outputDirectory = Path.GetDirectoryName(asset.Spec.Output);
        var output = string.IsNullOrEmpty(outputDirectory) ? fileName : outputDirectory.Replace('\\', '/') + "/" + fileName;
        return TargetOf(asset, asset.Spec.Id + ":" + extra.Name, Path.Combine(Path.GetDirectoryName(asset.OutputPath)!, fileName), output, new NodeOutputRef(stage.Key, extra.Name), PartFields(asset, extra.Name));
    }

    // A second file of one asset (a sheet's map, a stage's extra) compares as the asset's fields plus the part it is.
    private static SortedDictionary<string, string> PartFields(PlannedAsset asset, string part)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["part"] = CanonicalJson.String(part) };
        foreach (var (name, value) in asset.Fields)
        {
            fields[name] = value;
        }

        return fields;
    }

    private static AssetOutcome Failure(PlannedAsset asset, string id, string outputPath, string message) =>
        new(id, AssetOutcomeKind.Failed, outputPath, null, [Diagnostic.Error(ImagingCodes.SheetCellFailed, message, asset.Spec.Location)]);

    // Two targets writing one file (compared ignoring case, as on Windows and macOS) would
    // overwrite each other every build: both fail, at both specs' output lines, and neither is written.
    private static List<BuildTarget> WithoutClashes(List<BuildTarget> targets, List<AssetOutcome> failures)
    {
        var byPath = new Dictionary<string, List<BuildTarget>>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in targets)
        {
            if (!byPath.TryGetValue(target.OutputPath, out var writers))
            {
                byPath[target.OutputPath] = writers = [];
            }

            writers.Add(target);
        }

        var unique = new List<BuildTarget>(targets.Count);
        foreach (var target in targets)
        {
            var writers = byPath[target.OutputPath];
            if (writers.Count == 1)
            {
                unique.Add(target);
                continue;
            }

            var others = new List<string>(writers.Count - 1);
            foreach (var other in writers)
            {
                if (!ReferenceEquals(other, target))
                {
                    others.Add($"'{other.Id}' ({other.Asset.Spec.LocationOf(AssetFields.Output)})");
                }
            }

            var diagnostic = Diagnostic.Error(
                DiagnosticCodes.DuplicateOutput,
                $"The output '{target.Output}' of '{target.Id}' is also written by {string.Join(", ", others)} once variants, sweep cells, sheet maps and extra outputs are expanded (output paths are compared ignoring case); give each its own output.",
                target.Asset.Spec.LocationOf(AssetFields.Output));
            failures.Add(new AssetOutcome(target.Id, AssetOutcomeKind.Failed, target.OutputPath, null, [diagnostic]));
        }

        return unique;
    }
}
