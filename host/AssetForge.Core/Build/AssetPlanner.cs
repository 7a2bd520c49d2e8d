namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;
using AssetForge.Core.Plugins;
using AssetForge.Core.Specs;

/// <summary>
/// Keys one image spec: resolves its scheduler and model, computes the generation's
/// <see cref="ActionKey"/> from its fields, then plans its <c>post:</c> chain. Opens no model.
/// </summary>
internal static class AssetPlanner
{
    public static async Task<(PlannedAsset? Asset, Diagnostic? Error)> PlanAsync(
        ProjectConfig config, PluginCatalog catalog, ModelResolver resolver, AssetSpec spec, CancellationToken cancellationToken)
    {
        if (!catalog.TryGetScheduler(spec.Scheduler, out var scheduler))
        {
            return (null, Diagnostic.Error(EngineCodes.UnknownScheduler, $"No loaded plugin provides the scheduler '{spec.Scheduler}'.", spec.LocationOf("scheduler")));
        }

        var (model, code, message) = await resolver.ResolveAsync(spec.Model, spec.Loras, cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            // A LoRA that cannot be merged (into an ONNX export, or with a key that matches no weight) is the spec's loras' fault when it has any.
            var field = spec.Loras.Count > 0 && code == DiagnosticCodes.LoraUnmatched ? AssetFields.Loras : AssetFields.Model;
            return (null, Diagnostic.Error(code!, message!, spec.LocationOf(field)));
        }

        SchedulerConfig resolved;
        SchedulerKeyIdentity keyIdentity;
        try
        {
            resolved = scheduler.Resolve(model.SchedulerConfig, spec.SchedulerOptions);

            // A scheduler that computes what another one does for this configuration keys as that one (contract 1.2).
            keyIdentity = scheduler is ISchedulerKeyIdentity identity ? identity.KeyIdentity(resolved) : new SchedulerKeyIdentity(scheduler.Id, scheduler.Version);
        }
        catch (SchedulerConfigException e)
        {
            var field = "scheduler_options." + e.OptionName;
            var location = spec.FieldLocations.ContainsKey(field) ? spec.LocationOf(field) : spec.LocationOf("scheduler");
            return (null, Diagnostic.Error(e.Code, e.Message, location));
        }
        catch (PluginException e)
        {
            return (null, Diagnostic.Error(e.Code, e.Message, spec.LocationOf("scheduler")));
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            return (null, Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{catalog.PluginNameOf(scheduler)}' failed resolving the options of scheduler '{scheduler.Id}': {e.GetType().Name}: {e.Message}", spec.LocationOf("scheduler")));
        }

        var inputs = new ActionKeyInputs(
            spec.Prompt,
            spec.NegativePrompt,
            spec.Seed,
            spec.Steps,
            spec.Cfg,
            spec.Width,
            spec.Height,
            spec.Rng,
            model.Fingerprint,
            keyIdentity.Id,
            keyIdentity.Version,
            resolved,
            model.Backend.Id,
            model.Backend.Version)
        {
            InitImageSha256 = spec.InitImage is { } initImage ? (await ContentHash.OfFileAsync(initImage, cancellationToken).ConfigureAwait(false)).Sha256 : null,
            Strength = spec.Strength,
            Tiling = spec.Tiling,
            NegativePromptGiven = !spec.NegativePromptAbsent,
            Sdxl = new SdxlKeyInputs(spec.Prompt2, spec.NegativePrompt2, spec.OriginalSize, spec.CropTopLeft, spec.TargetSize),
        };
        var fields = inputs.ToFields();
        var asset = new PlannedAsset(spec, ProjectPlanner.OutputPathOf(config, spec), model, scheduler, resolved, fields, ActionKeyInputs.ComputeKey(fields));
        return spec.Post.Count == 0 ? (asset, null) : PostChainPlanner.Plan(catalog, asset);
    }
}
