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
/// A bad spec, unknown model or bad scheduler option fails that asset alone; asset failures are
/// returned, not reported, so a build of some targets reports only theirs.
/// </summary>
internal static class ProjectPlanner
{
    public static async Task<LoadedProject> PlanAsync(
        ProjectConfig config,
        PluginCatalog catalog,
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

        var resolver = new ModelResolver(config, catalog, new ModelFingerprinter(config.CacheDirectory));
        var planned = new List<PlannedAsset>(specs.Assets.Count);
        var assetFailures = new List<AssetOutcome>();
        var sheets = new List<AssetSpec>();
        foreach (var spec in specs.Assets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (spec.Sheet is not null)
            {
                sheets.Add(spec); // planned once their members are
                continue;
            }

            // A spec with variants or a sweep plans as several assets (SpecExpander).
            await ExpansionPlanner.PlanAsync(config, catalog, resolver, spec, planned, assetFailures, cancellationToken).ConfigureAwait(false);
        }

        SpriteSheetPlanner.Plan(config, sheets, planned, assetFailures);
        return new LoadedProject(
            config,
            catalog,
            planned,
            SpecFailures(config.ProjectDirectory, specs.Diagnostics),
            assetFailures,
            specs.Assets.Select(a => a.Id).ToHashSet(StringComparer.Ordinal),
            specs.FailedAssetCount > 0);
    }

    public static string OutputPathOf(ProjectConfig config, AssetSpec spec) =>
        Path.GetFullPath(Path.Combine(config.OutputDirectory, spec.Output));

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
