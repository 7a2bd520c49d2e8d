namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Imaging;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;
using Microsoft.Extensions.Logging;

/// <content>Read-only views for <c>explain</c>, <c>report</c> and <c>verify</c>.</content>
public sealed partial class BuildEngine
{
    /// <summary>Every asset of the project with its key, inputs and state; opens no model.</summary>
    public async Task<ProjectOverview> DescribeAsync(string projectDirectory, CancellationToken cancellationToken)
    {
        var sink = new DiagnosticSink(null);
        var config = LoadConfig(projectDirectory, sink);
        if (config is null)
        {
            return new ProjectOverview(Path.GetFullPath(projectDirectory), [], [], sink.ToList(), 2);
        }

        var catalog = GetCatalog(config.PluginDirectories);
        sink.ReportAll(catalog.Diagnostics);
        var project = await ProjectPlanner.PlanAsync(config, catalog, null, sink.Report, cancellationToken).ConfigureAwait(false);
        var state = BuildState.Load(config.ProjectDirectory, sink.Report);
        var lockFile = LockFile.Load(config.ProjectDirectory);
        var assets = new List<AssetOverview>(project.Assets.Count);
        foreach (var asset in project.Assets)
        {
            var status = await StatusOfAsync(config, asset, state, lockFile, cancellationToken).ConfigureAwait(false);
            var parameters = asset.Sheet is null && asset.SpriteSheet is null ? ImageJobFactory.MetadataOf(asset)[0].Value : null;
            var sheet = asset.Sheet is { } s ? new SheetLayout(s.ColumnAxis, s.ColumnLabels, s.RowAxis, s.RowLabels, s.CellIds) : null;
            assets.Add(new AssetOverview(asset.Spec.Id, asset.Origin, asset.OutputPath, asset.Key.Hex, asset.Fields, status.State, status.ChangedFields, parameters, sheet));
        }

        return new ProjectOverview(config.ProjectDirectory, assets, [.. project.Failures.Select(f => f.AssetId)], sink.ToList(), 0);
    }

    /// <summary>The image toolkit of the first loaded backend that offers one (the onnx plugin's SkiaSharp), or null.</summary>
    /// <param name="projectDirectory">A project whose plugin folders are searched too; null for the built-in plugins only.</param>
    public IImageToolkit? FindImageToolkit(string? projectDirectory)
    {
        IReadOnlyList<string> extra = [];
        if (projectDirectory is not null && ProjectConfigLoader.Load(projectDirectory).Config is { } config)
        {
            extra = config.PluginDirectories;
        }

        foreach (var backend in GetCatalog(extra).Backends)
        {
            if (backend is IImageToolkit toolkit)
            {
                return toolkit;
            }
        }

        return null;
    }

    /// <summary>
    /// Regenerates assets (all, or those whose id or spec id is in <paramref name="assetIds"/>)
    /// without writing the cache or the outputs, and returns each next to the cached PNG for its key.
    /// Contact sheets are not regenerated: they are drawn from their cells, which are.
    /// </summary>
    public async Task<(IReadOnlyList<RegeneratedAsset> Assets, IReadOnlyList<Diagnostic> Diagnostics, int ExitCode)> RegenerateAsync(
        string projectDirectory, IReadOnlyList<string>? assetIds, string? executionProvider, CancellationToken cancellationToken)
    {
        var sink = new DiagnosticSink(null);
        var config = LoadConfig(projectDirectory, sink);
        if (config is null)
        {
            return ([], sink.ToList(), 2);
        }

        var catalog = GetCatalog(config.PluginDirectories);
        sink.ReportAll(catalog.Diagnostics);
        var project = await ProjectPlanner.PlanAsync(config, catalog, null, sink.Report, cancellationToken).ConfigureAwait(false);
        var wanted = assetIds is { Count: > 0 } ? new HashSet<string>(assetIds, StringComparer.Ordinal) : null;
        var selected = project.Assets.Where(a => a.Sheet is null && a.SpriteSheet is null && (wanted is null || wanted.Contains(a.Spec.Id) || wanted.Contains(a.Origin.SpecId))).ToList();
        if (wanted is not null)
        {
            foreach (var id in wanted)
            {
                if (!project.Assets.Any(a => a.Spec.Id == id || a.Origin.SpecId == id))
                {
                    sink.Report(Diagnostic.Error(EngineCodes.UnknownAssetId, $"No spec defines the asset '{id}'.{SpellingSuggestion.DidYouMean(id, project.AllAssetIds)}"));
                    return ([], sink.ToList(), 2);
                }
            }
        }

        var store = new ContentStore(config.CacheDirectory);
        var results = new List<RegeneratedAsset>(selected.Count);
        var provider = executionProvider ?? config.ExecutionProvider;
        foreach (var group in selected.GroupBy(a => a.Model.Directory))
        {
            IModelSession? session = null;
            try
            {
                foreach (var asset in group)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var cachedOutput = store.TryGetAction(asset.GenerationKey, sink.Report)?.Output(ActionRecord.ImageOutput);
                    var cached = cachedOutput is null ? null : await store.TryReadBlobAsync(cachedOutput.Sha256, sink.Report, cancellationToken).ConfigureAwait(false);
                    if (cached is null)
                    {
                        results.Add(new RegeneratedAsset(asset.Spec.Id, null, null, Diagnostic.Warning(ImagingCodes.NotCached, "Not in the cache for its current key; build it first.", asset.Spec.Location)));
                        continue;
                    }

                    try
                    {
                        session ??= asset.Model.Backend.Open(new ModelSessionOptions(asset.Model.Directory, provider));
                        var images = await session.GenerateAsync([ImageJobFactory.Create(asset, session.Info)], null, cancellationToken).ConfigureAwait(false);
                        results.Add(new RegeneratedAsset(asset.Spec.Id, cached, images[0].Png, null));
                    }
                    catch (PluginException e)
                    {
                        results.Add(new RegeneratedAsset(asset.Spec.Id, cached, null, Diagnostic.Error(e.Code, e.Message, asset.Spec.Location)));
                    }
                    catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
                    {
                        _logger.LogDebug(e, "Regenerating {Asset} failed", asset.Spec.Id);
                        results.Add(new RegeneratedAsset(asset.Spec.Id, cached, null, Diagnostic.Error(EngineCodes.PluginCrashed, $"Regenerating failed: {e.GetType().Name}: {e.Message}", asset.Spec.Location)));
                    }
                }
            }
            finally
            {
                session?.Dispose();
            }
        }

        return (results, sink.ToList(), 0);
    }
}
