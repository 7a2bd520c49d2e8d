namespace AssetForge.Core.Build;

using AssetForge.Core.Actions;
using AssetForge.Core.Caching;
using AssetForge.Core.Caching.Remote;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Execution;
using AssetForge.Core.Graph;
using AssetForge.Core.Hashing;
using AssetForge.Core.Specs;
using Microsoft.Extensions.Logging;

/// <summary>
/// One build of a plan: targets whose build state says they are current are left alone; the
/// executor produces (or finds) the nodes the others need; then each target is materialised from
/// the store, and the build state and lock file are saved.
/// </summary>
internal sealed class BuildRun
{
    private const string StateLockFileName = "state.lock";

    private static readonly TimeSpan StateLockWait = TimeSpan.FromSeconds(10);

    private readonly LoadedProject _project;
    private readonly BuildPlan _plan;
    private readonly BuildOptions _options;
    private readonly IBuildObserver _observer;
    private readonly DiagnosticSink _sink;
    private readonly ILogger _logger;
    private readonly ContentStore _store;
    private readonly AssetOutcome?[] _outcomes;
    private readonly AssetBuildRecord?[] _records;
    private readonly Dictionary<ActionKey, List<int>> _targetsBySource = [];
    private readonly Dictionary<ActionKey, int> _firstCopy = [];
    private readonly HashSet<ActionKey> _modelRuns = [];

    public BuildRun(LoadedProject project, BuildPlan plan, BuildOptions options, IBuildObserver observer, DiagnosticSink sink, ILogger logger)
    {
        _project = project;
        _plan = plan;
        _options = options;
        _observer = observer;
        _sink = sink;
        _logger = logger;
        _store = new ContentStore(project.Config.CacheDirectory);
        _outcomes = new AssetOutcome?[plan.Targets.Count];
        _records = new AssetBuildRecord?[plan.Targets.Count];
    }

    /// <summary>Model sessions opened.</summary>
    public int SessionsOpened { get; private set; }

    /// <summary>What the executor did; null until <see cref="ExecuteAsync"/> ran.</summary>
    public ExecutionReport? Report { get; private set; }

    /// <summary>Builds the plan; returns one outcome per target that this build owns (another shard's targets have none).</summary>
    public async Task<IReadOnlyList<AssetOutcome>> ExecuteAsync(IReadOnlyList<AssetOutcome> failures, CancellationToken cancellationToken)
    {
        foreach (var failure in failures)
        {
            _observer.OnAssetFinished(failure);
        }

        var config = _project.Config;
        var state = BuildState.Load(config.ProjectDirectory, _sink.Report);
        var demanded = await FindStaleTargetsAsync(state, cancellationToken).ConfigureAwait(false);
        foreach (var index in demanded)
        {
            var source = _plan.Targets[index].Source;
            if (GenerationOf(_plan.Targets[index]) is { } own)
            {
                _firstCopy.TryAdd(own, index);
            }

            if (!_targetsBySource.TryGetValue(source.Node, out var targets))
            {
                _targetsBySource[source.Node] = targets = [];
            }

            targets.Add(index);
        }

        using var remote = OpenRemoteCache();
        using var generation = new GenerationRunner(_project.Catalog, _options.ExecutionProvider ?? config.ExecutionProvider, _options.MaxBatch, _observer, _logger, config.Defaults);
        var runners = new Dictionary<NodeKind, INodeRunner>
        {
            [NodeKind.Generation] = generation,
            [NodeKind.PostStage] = new PostStepRunner(_project.Catalog, _logger),
            [NodeKind.ContactSheet] = new ContactSheetRunner(),
            [NodeKind.SpriteSheet] = new SpriteSheetRunner(_logger),
            [NodeKind.CompileModel] = new CompileModelRunner(_project.Catalog, config.CacheDirectory, _logger, _observer),
        };
        var policy = new ExecutionPolicy(_options.Force, _options.NoGenerate, _options.Shard);
        var executor = new GraphExecutor(_store, remote, policy, runners, _sink.Report, _logger, _options.Jobs)
        {
            ModelRunsPlanned = modelRuns => _observer.OnPlanned(_plan.Targets.Count, modelRuns),
            NodeProduced = OnNodeProducedAsync,
        };
        Report = await executor.RunAsync(_plan, SourcesOf(demanded), cancellationToken).ConfigureAwait(false);
        ReportDownloadedModels(Report);
        var vanished = await MaterializeAsync(demanded, Report, retry: true, cancellationToken).ConfigureAwait(false);
        if (vanished.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            // A blob found corrupt (and deleted) on the way out: those nodes are misses now, so one
            // more pass produces them again (the counts add up over both passes).
            var again = new GraphExecutor(_store, remote, policy, runners, _sink.Report, _logger, _options.Jobs) { NodeProduced = OnNodeProducedAsync };
            var second = await again.RunAsync(_plan, SourcesOf(vanished), cancellationToken).ConfigureAwait(false);
            await MaterializeAsync(vanished, second, retry: false, cancellationToken).ConfigureAwait(false);
            Report = ExecutionReport.Combine(Report, second);
        }

        SessionsOpened = generation.SessionsOpened;
        for (var i = 0; i < _outcomes.Length; i++)
        {
            // Targets the up-to-date check never reached (cancelled early).
            if (_outcomes[i] is null && !demanded.Contains(i))
            {
                Finish(i, AssetOutcomeKind.Cancelled, []);
            }
        }

        SaveState(failures);

        var outcomes = new List<AssetOutcome>(failures.Count + _outcomes.Length);
        outcomes.AddRange(failures);
        foreach (var outcome in _outcomes)
        {
            if (outcome is not null)
            {
                outcomes.Add(outcome);
            }
        }

        return outcomes;
    }

    // Cheap first (size and time against the build state), hashing only outputs whose time
    // changed; targets found current here never reach the executor, so a no-op build opens no
    // cache record.
    private async Task<List<int>> FindStaleTargetsAsync(BuildState state, CancellationToken cancellationToken)
    {
        var stale = new bool[_plan.Targets.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Jobs), CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, stale.Length), parallel, async (index, token) =>
            {
                var target = _plan.Targets[index];
                var relative = BuildEngine.RelativeToProject(_project.Config, target.OutputPath);
                if (_options.Force || !state.Assets.TryGetValue(target.Id, out var record) || record.Key != target.Source.Node.Hex || record.Output != relative)
                {
                    stale[index] = true;
                    return;
                }

                var output = new FileInfo(target.OutputPath);
                if (BuildEngine.RecordMatchesFile(record, output))
                {
                    _records[index] = record;
                    Finish(index, AssetOutcomeKind.UpToDate, []);
                    return;
                }

                // Touched, or the state was copied from elsewhere: the right bytes are still current.
                if (output.Exists && output.Length == record.Size &&
                    (await ContentHash.OfFileAsync(output.FullName, token).ConfigureAwait(false)).Sha256 == record.Sha256)
                {
                    Record(index, record.Sha256);
                    Finish(index, AssetOutcomeKind.UpToDate, []);
                    return;
                }

                stale[index] = true;
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unchecked targets are cancelled at the end.
        }

        var demanded = new List<int>();
        for (var i = 0; i < stale.Length; i++)
        {
            if (stale[i])
            {
                demanded.Add(i);
            }
        }

        return demanded;
    }

    // A compiled model the team cache served is worth a line in the build log, as a compile is.
    private void ReportDownloadedModels(ExecutionReport report)
    {
        foreach (var (key, result) in report.Results)
        {
            if (result.Status == NodeStatus.Downloaded && _plan.Graph.Node(key).Work is CompileModelWork work)
            {
                _logger.LogInformation("Downloaded compiled model {Model} ({Key}) from the remote cache", work.Compilation.ModelName, key.Hex[..12]);
                _observer.OnModelCompiled(work.Compilation.ModelName, key.Hex, fromRemoteCache: true, TimeSpan.Zero);
            }
        }
    }

    private HashSet<ActionKey> SourcesOf(List<int> targets)
    {
        var sources = new HashSet<ActionKey>();
        foreach (var index in targets)
        {
            sources.Add(_plan.Targets[index].Source.Node);
        }

        return sources;
    }

    /// <returns>The targets whose blob vanished (corrupt or deleted) before it could be copied, when <paramref name="retry"/> is on.</returns>
    private async Task<List<int>> MaterializeAsync(List<int> demanded, ExecutionReport report, bool retry, CancellationToken cancellationToken)
    {
        var vanished = new List<int>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Jobs) };
        await Parallel.ForEachAsync(demanded, parallel, async (index, _) =>
        {
            if (_outcomes[index] is null)
            {
                report.Results.TryGetValue(_plan.Targets[index].Source.Node, out var result);
                await MaterializeOneAsync(index, result, retry ? vanished : null, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return vanished;
    }

    // As soon as a node is produced, its targets are written: a long build shows (and keeps) its
    // outputs as they come, and Ctrl+C keeps every finished one.
    private async Task OnNodeProducedAsync(ActionNode node, NodeResult result)
    {
        if (node.UsesModel && result.Status == NodeStatus.Ran)
        {
            lock (_modelRuns)
            {
                _modelRuns.Add(node.Key);
            }
        }

        if (!_targetsBySource.TryGetValue(node.Key, out var targets))
        {
            return;
        }

        foreach (var index in targets)
        {
            if (_outcomes[index] is null)
            {
                await MaterializeOneAsync(index, result, null, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task MaterializeOneAsync(int index, NodeResult? result, List<int>? vanished, CancellationToken cancellationToken)
    {
        var target = _plan.Targets[index];
        switch (result?.Status)
        {
            case null or NodeStatus.Cancelled:
                Finish(index, AssetOutcomeKind.Cancelled, []);
                return;
            case NodeStatus.Failed:
                Finish(index, AssetOutcomeKind.Failed, result.Diagnostics);
                return;
            case NodeStatus.Deferred or NodeStatus.Elsewhere:
                // Another build's work: no outcome, and the build state keeps what it had.
                _logger.LogDebug("{Target}: {Status}", target.Id, result.Status);
                return;
        }

        // A target is "generated" when this build ran the model for it (the first target of that
        // generation; the others that share its key are served from the cache, as they would be in
        // the next build). One made from cached images (post stages, sheets) is "from cache": the
        // summary counts stages and sheets apart.
        var blob = result.Record!.Output(target.Source.Output)!;
        var ran = GenerationOf(target) is { } generation && _firstCopy[generation] == index && RanModel(generation);
        try
        {
            // An output that already has the right bytes (state lost, another checkout's state) is kept as it is.
            var output = new FileInfo(target.OutputPath);
            if (!ran && output.Exists && output.Length == blob.Size &&
                (await ContentHash.OfFileAsync(output.FullName, CancellationToken.None).ConfigureAwait(false)).Sha256 == blob.Sha256)
            {
                Record(index, blob.Sha256);
                Finish(index, AssetOutcomeKind.UpToDate, []);
                return;
            }

            if (await _store.TryMaterializeAsync(blob.Sha256, blob.Size, target.OutputPath, _sink.Report, CancellationToken.None).ConfigureAwait(false))
            {
                Record(index, blob.Sha256);
                Finish(index, ran ? AssetOutcomeKind.Generated : AssetOutcomeKind.FromCache, []);
                return;
            }

            // The blob was deleted or found corrupt between the lookup and the copy (the store said which).
            if (vanished is not null && !cancellationToken.IsCancellationRequested)
            {
                lock (vanished)
                {
                    vanished.Add(index);
                }

                return;
            }

            Fail(index, Diagnostic.Error(ContentStore.MissingBlobCode, $"The cache entry of '{target.Id}' disappeared while it was being copied; build again.", target.Location));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(index, Diagnostic.Error(EngineCodes.WriteFailed, $"Could not write {target.OutputPath}: {e.Message}", target.Asset.Spec.LocationOf(AssetFields.Output)));
        }
    }

    // The model node of a target's own chain (its generation, before any post stages); null for sheets.
    private static ActionKey? GenerationOf(BuildTarget target) =>
        target.Asset.Sheet is null && target.Asset.SpriteSheet is null ? target.Asset.GenerationKey : null;

    private bool RanModel(ActionKey generation)
    {
        lock (_modelRuns)
        {
            return _modelRuns.Contains(generation);
        }
    }

    private RemoteCacheTier? OpenRemoteCache()
    {
        var diagnostics = new List<Diagnostic>();
        var options = RemoteCacheSettingReader.ApplyOverride(_project.Config.RemoteCache, _options.RemoteCache, "--remote-cache", diagnostics);
        _sink.ReportAll(diagnostics);
        if (options is not null)
        {
            _logger.LogInformation("Remote cache {Url} (upload {Upload})", options.Url, options.Upload ? "on" : "off");
        }

        return RemoteCacheTier.Create(_store, options, _sink.Report);
    }

    private void Fail(int index, Diagnostic diagnostic)
    {
        _sink.Report(diagnostic);
        Finish(index, AssetOutcomeKind.Failed, [diagnostic]);
    }

    private void Record(int index, string sha256)
    {
        var target = _plan.Targets[index];
        var output = new FileInfo(target.OutputPath);
        _records[index] = new AssetBuildRecord(target.Source.Node.Hex, BuildEngine.RelativeToProject(_project.Config, target.OutputPath), sha256, output.Length, output.LastWriteTimeUtc.Ticks, target.Fields);
    }

    private void Finish(int index, AssetOutcomeKind kind, IReadOnlyList<Diagnostic> diagnostics)
    {
        var target = _plan.Targets[index];
        var outcome = new AssetOutcome(target.Id, kind, target.OutputPath, target.Source.Node.Hex, diagnostics);
        _outcomes[index] = outcome;
        _observer.OnAssetFinished(outcome);
    }

    private void SaveState(IReadOnlyList<AssetOutcome> failures)
    {
        var config = _project.Config;

        // Another build of this project may be finishing too: merge into what is on disk now.
        using var exclusive = LockProjectState();
        var state = BuildState.Load(config.ProjectDirectory, _ => { });
        var lockFile = LockFile.Load(config.ProjectDirectory);
        for (var i = 0; i < _records.Length; i++)
        {
            if (_records[i] is { } record)
            {
                var target = _plan.Targets[i];
                state.Assets[target.Id] = record;
                lockFile.Entries[target.Id] = new LockEntry(record.Key, target.Output, record.Sha256);
            }
        }

        // Drop lock entries of assets that no longer exist, unless some spec could not be read
        // (its assets' ids are unknown) or only some targets (by id or shard) were built.
        if (_options.AssetIds is not { Count: > 0 } && _options.Shard is null && !_project.SomeSpecFileFailed)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var target in _plan.Targets)
            {
                ids.Add(target.Id);
            }

            foreach (var failure in failures)
            {
                ids.Add(failure.AssetId);
            }

            foreach (var id in lockFile.Entries.Keys.Where(id => !ids.Contains(id)).ToList())
            {
                lockFile.Entries.Remove(id);
            }
        }

        try
        {
            state.Save(config.ProjectDirectory);
            lockFile.Save(config.ProjectDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _sink.Report(Diagnostic.Warning(EngineCodes.WriteFailed, $"Could not save the build state or lock file: {e.Message}", SourceLocation.FileOnly(config.ProjectDirectory)));
        }
    }

    private InterProcessLock? LockProjectState()
    {
        var path = Path.Combine(_project.Config.ProjectDirectory, BuildState.DirectoryName, StateLockFileName);
        try
        {
            // Held for milliseconds (read, merge, two atomic writes): a short, bounded blocking wait.
            // Not cancellable: this save keeps what finished before a Ctrl+C; the bound keeps it finite.
            return InterProcessLock.Acquire(path, StateLockWait, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug(e, "Could not lock {Path}; saving the build state without it", path);
            return null;
        }
    }
}
