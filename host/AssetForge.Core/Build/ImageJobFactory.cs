namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;
using AssetForge.Core.Randomness;

/// <summary>Turns a planned asset into the job a model session runs: its own scheduler and generator, img2img input, metadata.</summary>
internal static class ImageJobFactory
{
    public static ImageJob Create(PlannedAsset asset)
    {
        var spec = asset.Spec;
        var scheduler = asset.Scheduler.Create(asset.SchedulerConfig, spec.Steps, spec.Strength);
        var noise = NoiseSources.Create(spec.Rng, spec.Seed);
        return new ImageJob(spec.Prompt, spec.NegativePrompt, spec.Width, spec.Height, spec.Cfg, scheduler, noise)
        {
            InitImage = spec.InitImage is { } path ? File.ReadAllBytes(path) : null,
            PngText = MetadataOf(asset),
        };
    }

    public static IReadOnlyList<KeyValuePair<string, string>> MetadataOf(PlannedAsset asset)
    {
        if (asset.Sheet is not null)
        {
            return GenerationMetadata.For(asset.Key, asset.Fields, null);
        }

        var spec = asset.Spec;
        var parameters = GenerationMetadata.Parameters(
            spec.Prompt,
            spec.NegativePrompt,
            spec.Steps,
            asset.Scheduler.Id,
            spec.Cfg,
            spec.Seed,
            spec.Width,
            spec.Height,
            asset.Model.Fingerprint,
            spec.InitImage is null ? null : spec.Strength);
        return GenerationMetadata.For(asset.Key, asset.Fields, parameters);
    }
}
