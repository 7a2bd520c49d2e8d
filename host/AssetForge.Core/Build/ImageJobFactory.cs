namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Hashing;
using AssetForge.Core.Randomness;

/// <summary>Turns a planned asset into the job a model session runs: its own scheduler and generator, img2img input, metadata.</summary>
internal static class ImageJobFactory
{
    /// <exception cref="PluginException">AF3006: the asset tiles but the session cannot (a backend built before contract 1.1).</exception>
    public static ImageJob Create(PlannedAsset asset, ModelSessionInfo session)
    {
        var spec = asset.Spec;
        if (spec.Tiling != TilingAxes.None && !session.SupportsTiling)
        {
            throw new PluginException(DiagnosticCode.TilingUnsupported, $"Model backend '{asset.Model.Backend.Id} {asset.Model.Backend.Version}' cannot generate tiling images (it predates plugin contract 1.1); update it, or remove 'tiling:'.");
        }

        var scheduler = asset.Scheduler.Create(asset.SchedulerConfig, spec.Steps, spec.Strength);
        var noise = NoiseSources.Create(spec.Rng, spec.Seed);
        return new ImageJob(spec.Prompt, spec.NegativePrompt, spec.Width, spec.Height, spec.Cfg, scheduler, noise)
        {
            InitImage = spec.InitImage is { } path ? File.ReadAllBytes(path) : null,
            PngText = MetadataOf(asset),
            Tiling = spec.Tiling,
            NegativePromptAbsent = spec.NegativePromptAbsent,
            Prompt2 = spec.Prompt2,
            NegativePrompt2 = spec.NegativePrompt2,
            OriginalSize = spec.OriginalSize,
            CropTopLeft = spec.CropTopLeft,
            TargetSize = spec.TargetSize,
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
            spec.InitImage is null ? null : spec.Strength,
            spec.Tiling == TilingAxes.None ? null : ActionKeyInputs.TilingText(spec.Tiling));
        return GenerationMetadata.For(asset.Key, asset.Fields, parameters);
    }
}
