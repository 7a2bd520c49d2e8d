namespace AssetForge.Core.Actions;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Execution;
using AssetForge.Core.Plugins;
using AssetForge.Core.Specs;
using Microsoft.Extensions.Logging;

/// <summary>
/// Runs generation nodes on the model backends, the only batcher: nodes are grouped by model (each
/// model opened once, when something needs it), and consecutive images one model call can serve
/// (same size, guidance, steps, scheduler and strength) go in one batch, up to the batch limit.
/// Every image keeps its own generator, so batching never changes pixels.
/// </summary>
internal sealed class GenerationRunner : INodeRunner, IDisposable
{
    private readonly PluginCatalog _catalog;
    private readonly string _executionProvider;
    private readonly int _maxBatch;
    private readonly IBuildObserver _observer;
    private readonly ILogger _logger;
    private readonly AssetDefaults _defaults;
    private (ResolvedModel Model, IModelSession? Session, Diagnostic? Failure)? _open;

    public GenerationRunner(PluginCatalog catalog, string executionProvider, int maxBatch, IBuildObserver observer, ILogger logger, AssetDefaults defaults)
    {
        _catalog = catalog;
        _executionProvider = executionProvider;
        _maxBatch = Math.Max(1, maxBatch);
        _observer = observer;
        _logger = logger;
        _defaults = defaults;
    }

    /// <summary>How many model sessions were opened.</summary>
    public int SessionsOpened { get; private set; }

    public async Task RunAsync(IReadOnlyList<NodeRun> runs, Func<NodeRun, NodeRunResult, Task> completed, CancellationToken cancellationToken)
    {
        // Group by model so each model is opened once, in the order its nodes appear.
        var groups = new List<(ResolvedModel Model, List<NodeRun> Runs)>();
        foreach (var run in runs)
        {
            var model = AssetOf(run).Model;
            var group = groups.FindIndex(g => g.Model.Directory == model.Directory && g.Model.Backend == model.Backend);
            if (group < 0)
            {
                groups.Add((model, [run]));
            }
            else
            {
                groups[group].Runs.Add(run);
            }
        }

        foreach (var (model, group) in groups)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (session, failure) = SessionFor(model);
            if (failure is not null)
            {
                foreach (var run in group)
                {
                    await completed(run, NodeRunResult.Failed(failure with { Location = LocationOf(AssetOf(run), AssetFields.Model) ?? AssetOf(run).Spec.Location })).ConfigureAwait(false);
                }

                continue;
            }

            var batch = new List<NodeRun>();
            foreach (var run in group)
            {
                if (!CanJoin(batch, run, session!))
                {
                    await GenerateBatchAsync(batch, session!, completed, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }

                batch.Add(run);
            }

            await GenerateBatchAsync(batch, session!, completed, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the open session.</summary>
    public void Dispose()
    {
        _open?.Session?.Dispose();
        _open = null;
    }

    private static PlannedAsset AssetOf(NodeRun run) => ((GenerateImageWork)run.Node.Work).Asset;

    // One session at a time: the next model's replaces it, so two models are never in memory together.
    private (IModelSession? Session, Diagnostic? Failure) SessionFor(ResolvedModel model)
    {
        if (_open is { } open && open.Model.Directory == model.Directory && open.Model.Backend == model.Backend)
        {
            return (open.Session, open.Failure);
        }

        Dispose();
        IModelSession? session = null;
        Diagnostic? failure = null;
        try
        {
            var opening = System.Diagnostics.Stopwatch.StartNew();
            session = model.Backend.Open(new ModelSessionOptions(model.Directory, _executionProvider));
            _observer.OnModelOpened(model.Name, session.Info.ExecutionProvider, opening.Elapsed);
            SessionsOpened++;
            _logger.LogInformation("Opened model {Model} on {Provider}", model.Name, session.Info.ExecutionProvider);
        }
        catch (PluginException e)
        {
            failure = Diagnostic.Error(e.Code, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogDebug(e, "Opening model {Model} failed", model.Name);
            failure = Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{_catalog.PluginNameOf(model.Backend)}' failed to open model '{model.Name}': {e.GetType().Name}: {e.Message}");
        }

        _open = (model, session, failure);
        return (session, failure);
    }

    // Images that one model call can serve: same size, guidance, schedule and img2img strength
    // (the session shares UNet calls only between such jobs).
    private bool CanJoin(List<NodeRun> batch, NodeRun run, IModelSession session)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        if (!session.Info.DynamicBatch || batch.Count >= _maxBatch)
        {
            return false;
        }

        var first = AssetOf(batch[0]);
        var candidate = AssetOf(run);
        var a = first.Spec;
        var b = candidate.Spec;
        return a.Width == b.Width && a.Height == b.Height && a.Cfg.Equals(b.Cfg) && a.Steps == b.Steps && a.Strength.Equals(b.Strength) &&
            ReferenceEquals(first.Scheduler, candidate.Scheduler) &&
            first.Fields["scheduler_options"].Equals(candidate.Fields["scheduler_options"], StringComparison.Ordinal);
    }

    private async Task GenerateBatchAsync(List<NodeRun> batch, IModelSession session, Func<NodeRun, NodeRunResult, Task> completed, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        if (batch.Count == 1)
        {
            await completed(batch[0], await GenerateOneAsync(batch[0], session, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }

        var jobs = new ImageJob[batch.Count];
        var ids = new string[batch.Count];
        IReadOnlyList<GeneratedImage>? images;
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var asset = AssetOf(batch[i]);
                ids[i] = batch[i].Node.Label;
                _observer.OnGenerationStarted(ids[i], asset.Spec.Steps);
                jobs[i] = ImageJobFactory.Create(asset, session.Info);
            }

            images = await session.GenerateAsync(jobs, new BatchStepReporter(_observer, ids), cancellationToken).ConfigureAwait(false);
            if (images is null || images.Count != jobs.Length)
            {
                throw new InvalidOperationException($"it returned {images?.Count ?? 0} images for {jobs.Length} jobs");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed batch is retried one by one, so one bad image fails alone.
            _logger.LogDebug(e, "A batch of {Count} failed; generating its images one at a time", batch.Count);
            foreach (var run in batch)
            {
                await completed(run, await GenerateOneAsync(run, session, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            }

            return;
        }

        _logger.LogDebug("Generated {Count} images in one batch: {Ids}", batch.Count, string.Join(", ", ids));
        for (var i = 0; i < batch.Count; i++)
        {
            if (images[i]?.Timings is { } timings)
            {
                _observer.OnGenerationTimed(ids[i], timings);
            }

            var result = images[i] is { Png.Length: > 0 } image
                ? Produced(AssetOf(batch[i]), image.Png, session.Info)
                : NodeRunResult.Failed(Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{_catalog.PluginNameOf(AssetOf(batch[i]).Model.Backend)}' returned no image for this asset.", batch[i].Node.Location));
            await completed(batch[i], result).ConfigureAwait(false);
        }
    }

    private async Task<NodeRunResult> GenerateOneAsync(NodeRun run, IModelSession session, CancellationToken cancellationToken)
    {
        var asset = AssetOf(run);
        _observer.OnGenerationStarted(run.Node.Label, asset.Spec.Steps);
        try
        {
            var job = ImageJobFactory.Create(asset, session.Info);
            var images = await session.GenerateAsync([job], new StepReporter(_observer, run.Node.Label), cancellationToken).ConfigureAwait(false);
            if (images is not [{ Png.Length: > 0 } image])
            {
                throw new InvalidOperationException($"it returned {images?.Count ?? 0} images for 1 job");
            }

            if (image.Timings is { } timings)
            {
                _observer.OnGenerationTimed(run.Node.Label, timings);
            }

            return Produced(asset, image.Png, session.Info);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (PluginException e)
        {
            return NodeRunResult.Failed(Diagnostic.Error(e.Code, e.Message, LocationAtFault(asset, e) ?? run.Node.Location));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogDebug(e, "Generating {Asset} failed", run.Node.Label);
            return NodeRunResult.Failed(Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{_catalog.PluginNameOf(asset.Model.Backend)}' failed generating this asset: {e.GetType().Name}: {e.Message}", run.Node.Location));
        }
    }

    // The line of the field the failure is about: in the spec, or in assetforge.yaml's defaults: when
    // the asset takes it from there.
    private SourceLocation? LocationAtFault(PlannedAsset asset, PluginException exception) =>
        FieldAtFault.Of(exception) is { } field ? LocationOf(asset, field) : null;

    private SourceLocation? LocationOf(PlannedAsset asset, string field) =>
        asset.Spec.FieldLocations.TryGetValue(field, out var written) ? written :
        _defaults.FieldLocations.TryGetValue(field, out var defaulted) ? defaulted : null;

    private static NodeRunResult Produced(PlannedAsset asset, byte[] png, ModelSessionInfo session) =>
        NodeRunResult.Produced(
            new ActionProducer(
                $"{asset.Model.Backend.Id} {asset.Model.Backend.Version}",
                $"{asset.Scheduler.Id} {asset.Scheduler.Version}",
                session.ExecutionProvider,
                session.Precision,
                Environment.MachineName,
                BuildEngine.HostVersion,
                ContractVersion.Text),
            new KeyValuePair<string, byte[]>(ActionRecord.ImageOutput, png));
}
