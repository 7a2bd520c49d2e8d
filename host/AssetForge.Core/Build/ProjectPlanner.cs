namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;
using AssetForge.Core.Plugins;
using AssetForge.Core.Specs;

/// <summary>
/// Turns a loaded config and plugin catalog into keyed assets: loads the specs, resolves models
/// and scheduler configurations, and computes each asset's <see cref="ActionKey"/>. Opens no model.
/// A bad spec, unknown model or bad scheduler option fails that asset alone.
/// </summary>
internal static partial class ProjectPlanner
{
    public static async Task<LoadedProject> PlanAsync(
        ProjectConfig config,
        PluginCatalog catalog,
        IReadOnlyList<string>? onlyAssetIds,
        Action<Diagnostic> report,
        CancellationToken cancellationToken)
    {
        var models = new List<string>(config.Models.Keys);
        foreach (var backend in catalog.Backends)
        {
            foreach (var builtin in backend.BuiltinModels)
            {
                models.Add(ModelResolver.BuiltinPrefix + builtin);
            }
        }

        var known = new KnownNames(catalog.SchedulerNames.ToArray(), models);
        var specs = new SpecLoader(config, known).LoadAll(cancellationToken);
        foreach (var diagnostic in specs.Diagnostics)
        {
            report(diagnostic);
        }

        var failures = SpecFailures(config.ProjectDirectory, specs.Diagnostics);

        var filter = onlyAssetIds is { Count: > 0 } ? new HashSet<string>(onlyAssetIds, StringComparer.Ordinal) : null;
        var resolver = new ModelResolver(config, catalog, new ModelFingerprinter(config.CacheDirectory));
        var planned = new List<PlannedAsset>(specs.Assets.Count);
        var sheets = new List<AssetSpec>();
        foreach (var spec in specs.Assets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (filter is not null && !filter.Contains(spec.Id))
            {
                continue;
            }

            if (spec.Sheet is not null)
            {
                sheets.Add(spec); // planned once their members are
                continue;
            }

            // A spec with variants or a sweep plans as several assets (SpecExpander).
            await PlanExpandedAsync(config, catalog, resolver, spec, planned, failures, report, cancellationToken).ConfigureAwait(false);
        }

        PlanSpriteSheets(config, sheets, planned, failures, report);
        return new LoadedProject(config, catalog, planned, failures, specs.Assets.Select(a => a.Id).ToHashSet(StringComparer.Ordinal), specs.FailedAssetCount > 0);
    }

    public static string OutputPathOf(ProjectConfig config, AssetSpec spec) =>
        Path.GetFullPath(Path.Combine(config.OutputDirectory, spec.Output));

    private static async Task<(PlannedAsset? Asset, Diagnostic? Error)> PlanAssetAsync(
        ProjectConfig config, PluginCatalog catalog, ModelResolver resolver, AssetSpec spec, CancellationToken cancellationToken)
    {
        if (!catalog.TryGetScheduler(spec.Scheduler, out var scheduler))
        {
            return (null, Diagnostic.Error(EngineCodes.UnknownScheduler, $"No loaded plugin provides the scheduler '{spec.Scheduler}'.", spec.LocationOf("scheduler")));
        }

        var (model, code, message) = await resolver.ResolveAsync(spec.Model, cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return (null, Diagnostic.Error(code!, message!, spec.LocationOf("model")));
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
        };
        var fields = inputs.ToFields();
        var asset = new PlannedAsset(spec, OutputPathOf(config, spec), model, scheduler, resolved, fields, ActionKeyInputs.ComputeKey(fields));
        return spec.Post.Count == 0 ? (asset, null) : PlanPostStages(catalog, asset);
    }

    // The spec loader reports errors per file, not per asset: a file's errors become one failed
    // outcome named after the file (its assets may have no id yet).
    private static List<AssetOutcome> SpecFailures(string projectDirectory, IReadOnlyList<Diagnostic> diagnostics)
    {
        var byFile = new SortedDictionary<string, List<Diagnostic>>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity != DiagnosticSeverity.Error)
            {
                continue;
            }

            var file = diagnostic.Location is { } location && location.Path.Length > 0
                ? Path.GetRelativePath(projectDirectory, Path.GetFullPath(location.Path, projectDirectory)).Replace('\\', '/')
                : "(specs)";
            if (!byFile.TryGetValue(file, out var list))
            {
                byFile[file] = list = [];
            }

            list.Add(diagnostic);
        }

        var failures = new List<AssetOutcome>(byFile.Count);
        foreach (var (file, list) in byFile)
        {
            failures.Add(new AssetOutcome(file, AssetOutcomeKind.Failed, null, null, list));
        }

        return failures;
    }
}
