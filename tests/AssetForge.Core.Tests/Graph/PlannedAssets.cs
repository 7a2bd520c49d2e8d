namespace AssetForge.Core.Tests.Graph;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.PostProcessing;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;
using AssetForge.Core.Specs;

/// <summary>
/// Keyed assets as the planner makes them, built in memory for lowering tests. Lowering reads
/// keys, fields, ids and outputs only; the model, scheduler and steps here throw if anything
/// tries to run them.
/// </summary>
internal static class PlannedAssets
{
    private static readonly ResolvedModel Model = new("builtin:tiny", "/models/tiny", new InertBackend(), "fingerprint", SchedulerConfig.Empty);

    public static PlannedAsset Image(string id, string prompt, string? output = null, int line = 1)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["prompt"] = CanonicalJson.String(prompt) };
        var spec = SpecOf(id, output ?? id + ".png", line);
        return new PlannedAsset(spec, "/out/" + spec.Output, Model, new InertScheduler(), SchedulerConfig.Empty, fields, ActionKeyInputs.ComputeKey(fields));
    }

    /// <summary>The image with a post chain of the named steps, keyed as the planner keys stages (each over the previous key).</summary>
    public static PlannedAsset WithPost(PlannedAsset image, params string[] steps)
    {
        var stages = new List<PostStagePlan>();
        var previous = image.Key;
        foreach (var step in steps)
        {
            var key = ActionKey.FromCanonical(previous.Hex + "|" + step);
            stages.Add(new PostStagePlan(new InertStep(step), new PostStepParameters([]), previous, key, image.Spec.Location));
            previous = key;
        }

        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["post"] = CanonicalJson.Array(steps.Select(CanonicalJson.String)) };
        foreach (var (name, value) in image.Fields)
        {
            fields[name] = value;
        }

        return image with { Key = previous, Fields = fields, GenerationFields = image.Fields, PostStages = stages };
    }

    /// <summary>The image with one post stage that writes the named extra outputs (name, suffix) beside it, as PNG.</summary>
    public static PlannedAsset WithExtras(PlannedAsset image, params (string Name, string Suffix)[] extras)
    {
        var asset = WithPost(image, "texture_maps");
        var stage = asset.PostStages[0] with { Extras = [.. extras.Select(e => new PostStepExtraOutput(e.Name, e.Suffix, "png"))], PassesImageThrough = true };
        return asset with { PostStages = [stage] };
    }

    public static PlannedAsset ContactSheet(string id, params PlannedAsset[] cells)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["kind"] = CanonicalJson.String("contact_sheet"),
            ["cells"] = CanonicalJson.Array(cells.Select(c => CanonicalJson.String(c.Key.Hex))),
        };
        var layout = new ContactSheetPlan([.. cells.Select(c => c.Spec.Id)], "cfg", ["5", "7"], string.Empty, [string.Empty], "title");
        return new PlannedAsset(SpecOf(id, id + ".png", 1), "/out/" + id + ".png", Model, new InertScheduler(), SchedulerConfig.Empty, fields, ActionKeyInputs.ComputeKey(fields))
        {
            Origin = new AssetOrigin(id, AssetRole.ContactSheet, []),
            Sheet = layout,
        };
    }

    public static PlannedAsset SpriteSheet(string id, params PlannedAsset[] members)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["kind"] = CanonicalJson.String("sprite_sheet"),
            ["members"] = CanonicalJson.Array(members.Select(c => CanonicalJson.String(c.Key.Hex))),
        };
        var plan = new SpriteSheetPlan([.. members.Select(m => m.Spec.Id)], 2, 1024, id, id + ":map", "sheet.png");
        return new PlannedAsset(SpecOf(id, id + ".png", 1), "/out/" + id + ".png", Model, new InertScheduler(), SchedulerConfig.Empty, fields, ActionKeyInputs.ComputeKey(fields))
        {
            SpriteSheet = plan,
        };
    }

    private static AssetSpec SpecOf(string id, string output, int line) => new()
    {
        Id = id,
        Output = output,
        Model = "builtin:tiny",
        Prompt = "p",
        Seed = 1,
        Steps = 5,
        Cfg = 7,
        Scheduler = "euler",
        Width = 64,
        Height = 64,
        Location = new SourceLocation(id + ".yaml", line, 1),
        FieldLocations = new Dictionary<string, SourceLocation> { [AssetFields.Output] = new(id + ".yaml", line + 1, 9) },
    };

    private sealed class InertBackend : IModelBackend
    {
        public string Id => "inert";

        public string Version => "1";

        public IReadOnlyList<string> BuiltinModels => [];

        public IReadOnlyList<string> AvailableExecutionProviders => [];

        public string EnsureBuiltinModel(string name, string directory, CancellationToken cancellationToken) => throw new NotSupportedException("lowering opens no model");

        public IModelSession Open(ModelSessionOptions options) => throw new NotSupportedException("lowering opens no model");
    }

    private sealed class InertScheduler : ISchedulerFactory
    {
        public string Id => "euler";

        public string Version => "1";

        public IReadOnlyList<string> Aliases => [];

        public IReadOnlyList<SchedulerOption> Options => [];

        public SchedulerConfig Resolve(SchedulerConfig modelConfig, SchedulerConfig overrides) => throw new NotSupportedException("lowering resolves no scheduler");

        public IScheduler Create(SchedulerConfig resolved, int inferenceSteps, double strength = 1.0) => throw new NotSupportedException("lowering creates no scheduler");
    }

    private sealed class InertStep(string id) : IPostStep
    {
        public string Id => id;

        public string Version => "1";

        public string? ShorthandParameter => null;

        public PostStepParameters Validate(PostStepParameters parameters) => parameters;

        public string OutputFormat(PostStepParameters parameters) => "png";

        public byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken) => throw new NotSupportedException("lowering applies no step");
    }
}
