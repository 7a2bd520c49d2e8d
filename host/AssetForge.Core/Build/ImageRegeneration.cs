namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;
using Microsoft.Extensions.Logging;

/// <summary>
/// <c>verify</c>'s regeneration: generates images again, writing neither the cache nor the
/// outputs, next to the cached PNG of their generation key, so the caller can compare them.
/// </summary>
internal sealed class ImageRegeneration
{
    private readonly ProjectConfig _config;
    private readonly LoadedProject _project;
    private readonly ILogger _logger;

    public ImageRegeneration(ProjectConfig config, LoadedProject project, ILogger logger)
    {
        _config = config;
        _project = project;
        _logger = logger;
    }

    public async Task<(IReadOnlyList<RegeneratedAsset> Assets, IReadOnlyList<Diagnostic> Diagnostics, int ExitCode)> RunAsync(
        IReadOnlyList<string>? assetIds, string? executionProvider, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        var wanted = assetIds is { Count: > 0 } ? new HashSet<string>(assetIds, StringComparer.Ordinal) : null;
        var selected = _project.Assets.Where(a => a.Sheet is null && a.SpriteSheet is null && (wanted is null || wanted.Contains(a.Spec.Id) || wanted.Contains(a.Origin.SpecId))).ToList();
        if (wanted is not null)
        {
            foreach (var id in wanted)
            {
                if (!_project.Assets.Any(a => a.Spec.Id == id || a.Origin.SpecId == id))
                {
                    sink.Report(Diagnostic.Error(EngineCodes.UnknownAssetId, $"No spec defines the asset '{id}'.{SpellingSuggestion.DidYouMean(id, _project.AllAssetIds)}"));
                    return ([], sink.ToList(), 2);
                }
            }
        }

        var store = new ContentStore(_config.CacheDirectory);
        var results = new List<RegeneratedAsset>(selected.Count);
        var provider = executionProvider ?? _config.ExecutionProvider;
        foreach (var group in selected.GroupBy(a => a.Model.Directory))
        {
            IModelSession? session = null;
            try
            {
                foreach (var planned in group)
                {
                    cancellationToken.ThrowIfCancellationRequested();

                    // The generation node's own asset: its PNG metadata names the generation key, as the cached blob's does.
                    var asset = planned.Generation;
                    var cachedOutput = store.TryGetAction(asset.Key, sink.Report)?.Output(ActionRecord.ImageOutput);
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
