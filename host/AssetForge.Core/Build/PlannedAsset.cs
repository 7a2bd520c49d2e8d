namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Hashing;
using AssetForge.Core.Specs;

/// <summary>An asset as the planner keyed it: its spec, model, scheduler, resolved configuration and key; the graph lowering turns it into nodes and targets.</summary>
internal sealed record PlannedAsset(
    AssetSpec Spec,
    string OutputPath,
    ResolvedModel Model,
    ISchedulerFactory Scheduler,
    SchedulerConfig SchedulerConfig,
    IReadOnlyDictionary<string, string> Fields,
    ActionKey Key)
{
    /// <summary>Where the asset comes from (its spec, variant or sweep cell).</summary>
    public AssetOrigin Origin { get; init; } = AssetOrigin.Single(Spec.Id);

    /// <summary>For a sweep's contact sheet: its layout and cells; null for a generated image.</summary>
    public ContactSheetPlan? Sheet { get; init; }

    /// <summary>For a sprite sheet (one asset, two outputs: atlas and map): the sheet's plan; null otherwise.</summary>
    public SpriteSheetPlan? SpriteSheet { get; init; }

    /// <summary>The <c>post:</c> stages in order; when there are any, <see cref="Key"/> is the last stage's key.</summary>
    public IReadOnlyList<PostStagePlan> PostStages { get; init; } = [];

    /// <summary>The generation's own key fields (without the post chain); <see cref="Fields"/> when there are no post steps.</summary>
    public IReadOnlyDictionary<string, string> GenerationFields
    {
        get => _generationFields ?? Fields;
        init => _generationFields = value;
    }

    private readonly IReadOnlyDictionary<string, string>? _generationFields;

    /// <summary>The key of the generated image itself (before post steps).</summary>
    public ActionKey GenerationKey => PostStages.Count == 0 ? Key : PostStages[0].InputKey;

    /// <summary>The generated image alone: its own key and fields, no post chain (what a generation node generates, and its PNG's metadata names).</summary>
    public PlannedAsset Generation => PostStages.Count == 0 ? this : this with { Key = GenerationKey, Fields = GenerationFields, PostStages = [] };
}
