namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Hashing;
using AssetForge.Core.Specs;

/// <summary>An asset ready to build: its spec, model, scheduler, resolved configuration and key.</summary>
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

    /// <summary>For a sprite sheet's atlas or map: the sheet's plan; null otherwise.</summary>
    public SpriteSheetPlan? SpriteSheet { get; init; }

    /// <summary>The <c>post:</c> stages in order; when there are any, <see cref="Key"/> is the last stage's key.</summary>
    public IReadOnlyList<PostStagePlan> PostStages { get; init; } = [];

    /// <summary>The key of the generated image itself (before post steps).</summary>
    public ActionKey GenerationKey => PostStages.Count == 0 ? Key : PostStages[0].InputKey;
}
