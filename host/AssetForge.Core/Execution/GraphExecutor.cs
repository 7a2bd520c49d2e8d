namespace AssetForge.Core.Execution;

using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Caching.Remote;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Graph;
using AssetForge.Core.Hashing;
using Microsoft.Extensions.Logging;

/// <summary>
/// The one executor: walks a plan and decides per node, the same way for every kind: local
/// store hit → remote hit (copied in) → run when its inputs are available and the policy allows →
/// store, then upload. Derived nodes read their inputs from the store by key, never from what
/// this build happened to write, so a node's inputs may come from any earlier build or machine.
/// </summary>
/// <remarks>
/// <para>It works top-down first: from the nodes whose targets are not up to date, a node served
/// by a cache needs nothing below it, so a warm build reads only the records it serves. What must
/// run then runs bottom-up, a depth at a time; every model node is handed to the model runner in
/// one call, so the backend (the only batcher) sees them all.</para>
/// <para>A compile-model node's output is a folder (a compiled model), kept in the store as blobs
/// like any other output (<see cref="StoredFolder"/>), so it is served, fetched from the team cache
/// and uploaded the same way; before a generation that reads it runs, the folder is materialised
/// from the store where its backend opens it (<see cref="ContentStore.FolderPath"/>). A node the
/// policy refuses (another shard's generation, any generation under <c>--no-generate</c>) does not
/// ask for its inputs, so no model is compiled or downloaded for an image this build will not make.</para>
/// <para>Model and compile nodes are produced under their key's inter-process lock, taken without waiting
/// first (those another process holds are done last, waiting), and the store is checked again once
/// a lock is held, so two builds sharing a cache generate each image once.</para>
/// </remarks>
internal sealed class GraphExecutor
{
    private readonly ContentStore _store;
    private readonly RemoteCacheTier? _remote;
    private readonly ExecutionPolicy _policy;
    private readonly IReadOnlyDictionary<NodeKind, INodeRunner> _runners;
    private readonly Action<Diagnostic> _report;
    private readonly ILogger _logger;
    private readonly int _jobs;
    private readonly Dictionary<ActionKey, NodeResult> _results = [];
    private readonly HashSet<ActionKey> _materialized = [];
    private ActionGraph? _graph;

    /// <param name="store">The local store, read and written.</param>
    /// <param name="remote">The remote tier, or null.</param>
    /// <param name="policy">Force, no-generate, shard.</param>
    /// <param name="runners">A runner per node kind the plans contain.</param>
    /// <param name="report">Diagnostics, as they happen.</param>
    /// <param name="logger">The engine's log.</param>
    /// <param name="jobs">How many remote fetches may run at once.</param>
    public GraphExecutor(
        ContentStore store,
        RemoteCacheTier? remote,
        ExecutionPolicy policy,
        IReadOnlyDictionary<NodeKind, INodeRunner> runners,
        Action<Diagnostic> report,
        ILogger logger,
        int jobs)
    {
        _store = store;
        _remote = remote;
        _policy = policy;
        _runners = runners;
        _report = report;
        _logger = logger;
        _jobs = Math.Max(1, jobs);
    }

    /// <summary>Called once the nodes to run are known, with how many of them need a model.</summary>
    public Action<int>? ModelRunsPlanned { get; init; }

    /// <summary>Called as each node this build runs is stored (or fails), before the build goes on.</summary>
    public Func<ActionNode, NodeResult, Task>? NodeProduced { get; init; }

    /// <summary>Produces (or finds) the nodes <paramref name="demanded"/> (the sources of targets that are not up to date) need.</summary>
    public async Task<ExecutionReport> RunAsync(BuildPlan plan, IReadOnlyCollection<ActionKey> demanded, CancellationToken cancellationToken)
    {
        _graph = plan.Graph;
        var toRun = await FindWhatMustRunAsync(plan, demanded, cancellationToken).ConfigureAwait(false);
        var levels = new SortedDictionary<int, List<ActionNode>>();
        var modelRuns = 0;
        foreach (var node in plan.Nodes)
        {
            if (!toRun.Contains(node.Key))
            {
                continue;
            }

            var depth = plan.DepthOf(node.Key);
            if (!levels.TryGetValue(depth, out var level))
            {
                levels[depth] = level = [];
            }

            level.Add(node);
            if (node.UsesModel && _policy.RefusalFor(node) is null)
            {
                modelRuns++;
            }
        }

        ModelRunsPlanned?.Invoke(modelRuns);
        foreach (var level in levels.Values)
        {
            await RunLevelAsync(level, cancellationToken).ConfigureAwait(false);
        }

        var nodes = new Dictionary<ActionKey, ActionNode>(plan.Nodes.Count);
        foreach (var node in plan.Nodes)
        {
            nodes[node.Key] = node;
        }

        return new ExecutionReport(new Dictionary<ActionKey, NodeResult>(_results), nodes);
    }

    // Top-down, a frontier at a time: local hits, then remote hits (in parallel); a miss must run,
    // and its inputs join the next frontier.
    private async Task<HashSet<ActionKey>> FindWhatMustRunAsync(BuildPlan plan, IReadOnlyCollection<ActionKey> demanded, CancellationToken cancellationToken)
    {
        var toRun = new HashSet<ActionKey>();
        var seen = new HashSet<ActionKey>(demanded);
        var frontier = new List<ActionNode>(demanded.Count);
        foreach (var key in demanded)
        {
            frontier.Add(plan.Graph.Node(key));
        }

        while (frontier.Count > 0)
        {
            var misses = new List<ActionNode>(frontier.Count);
            foreach (var node in frontier)
            {
                if (_policy.ServesFromCache && LocalHit(node) is { } record)
                {
                    _results[node.Key] = new NodeResult(NodeStatus.Cached, record, []);
                }
                else
                {
                    misses.Add(node);
                }
            }

            var downloaded = await FetchFromRemoteAsync(misses, cancellationToken).ConfigureAwait(false);
            var next = new List<ActionNode>();
            for (var i = 0; i < misses.Count; i++)
            {
                var node = misses[i];
                if (downloaded[i] is { } record)
                {
                    _results[node.Key] = new NodeResult(NodeStatus.Downloaded, record, []);
                    continue;
                }

                toRun.Add(node.Key);
                if (_policy.RefusalFor(node) is not null)
                {
                    // Refused or another shard's: nothing below it is needed (no model is compiled for it).
                    continue;
                }

                foreach (var input in node.Inputs)
                {
                    if (seen.Add(input.Node))
                    {
                        next.Add(plan.Graph.Node(input.Node));
                    }
                }
            }

            frontier = next;
        }

        return toRun;
    }

    private async Task<ActionRecord?[]> FetchFromRemoteAsync(List<ActionNode> nodes, CancellationToken cancellationToken)
    {
        var records = new ActionRecord?[nodes.Count];
        if (_remote is null || !_policy.ServesFromCache || nodes.Count == 0 || cancellationToken.IsCancellationRequested)
        {
            return records;
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _jobs, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, nodes.Count), parallel, async (i, token) =>
            {
                var record = await _remote.TryFetchAsync(nodes[i].Key, token).ConfigureAwait(false);
                records[i] = record is not null && HasAllOutputs(nodes[i], record) ? record : null;
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // What was fetched is in the local store; the rest is cancelled later.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The local store could not take a download: produce instead.
            _report(Diagnostic.Warning(EngineCodes.WriteFailed, $"Could not store a remote cache entry locally: {e.Message}", SourceLocation.FileOnly(_store.Root)));
        }

        return records;
    }

    private async Task RunLevelAsync(List<ActionNode> level, CancellationToken cancellationToken)
    {
        var byKind = new SortedDictionary<NodeKind, List<ActionNode>>();
        foreach (var node in level)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _results[node.Key] = new NodeResult(NodeStatus.Cancelled, null, []);
                continue;
            }

            switch (_policy.RefusalFor(node))
            {
                case NodeStatus.Elsewhere:
                    _results[node.Key] = new NodeResult(NodeStatus.Elsewhere, null, []);
                    continue;
                case NodeStatus.Failed:
                    var refused = Diagnostic.Error(
                        EngineCodes.CacheMissWithGenerationOff,
                        $"'{node.Label}' is not in the cache (key {node.Key.Hex[..12]}) and generation is off; build it where generation is on, or fill the shared cache.",
                        node.Location);
                    _report(refused);
                    _results[node.Key] = new NodeResult(NodeStatus.Failed, null, [refused]);
                    continue;
            }

            // After the policy: a refused node never asked for its inputs (see FindWhatMustRunAsync).
            if (Blocked(node) is { } blocked)
            {
                _results[node.Key] = blocked;
                continue;
            }

            if (!byKind.TryGetValue(node.Kind, out var nodes))
            {
                byKind[node.Kind] = nodes = [];
            }

            nodes.Add(node);
        }

        foreach (var (kind, nodes) in byKind)
        {
            if (kind is NodeKind.Generation or NodeKind.CompileModel)
            {
                await RunLockedAsync(_runners[kind], nodes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await RunDerivedNodesAsync(nodes, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // A node runs only when every input is in the store. A failed input fails it; an input that is
    // another shard's defers it when this shard made (or deferred) one of its other inputs, and
    // leaves it to the other shards otherwise.
    private NodeResult? Blocked(ActionNode node)
    {
        var mine = false;
        var missing = false;
        foreach (var input in node.Inputs)
        {
            var result = _results[input.Node];
            switch (result.Status)
            {
                case NodeStatus.Failed:
                    return new NodeResult(NodeStatus.Failed, null, result.Diagnostics);
                case NodeStatus.Cancelled:
                    return result;
                case NodeStatus.Ran or NodeStatus.Deferred:
                    mine = true;
                    missing |= result.Status == NodeStatus.Deferred;
                    break;
                case NodeStatus.Elsewhere:
                    missing = true;
                    break;
            }
        }

        if (!missing)
        {
            return null;
        }

        return new NodeResult(mine ? NodeStatus.Deferred : NodeStatus.Elsewhere, null, []);
    }

    // Heavy, model-bound work (generations, compiles): each node under its key's lock, so two builds sharing a cache do it once.
    private async Task RunLockedAsync(INodeRunner runner, List<ActionNode> nodes, CancellationToken cancellationToken)
    {
        var held = new List<InterProcessLock>(nodes.Count);
        var busy = new List<ActionNode>();
        var runs = new List<NodeRun>(nodes.Count);
        try
        {
            foreach (var node in nodes)
            {
                if (!await MaterializeFolderInputsAsync(node, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var lockPath = _store.LockPath(node.Key);
                try
                {
                    if (InterProcessLock.TryAcquire(lockPath) is not { } taken)
                    {
                        busy.Add(node);
                        continue;
                    }

                    held.Add(taken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A cache folder where no lock file can be made (read-only, full): without the
                    // lock the risk is only doing the work twice, never a corrupt entry.
                    _logger.LogDebug(e, "Could not lock {LockPath}; generating without it", lockPath);
                }

                if (!ServedAfterLocking(node))
                {
                    runs.Add(new NodeRun(node, []));
                }
            }

            await RunAndStoreAsync(runner, runs, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var taken in held)
            {
                taken.Dispose();
            }
        }

        await UploadAsync(runs, cancellationToken).ConfigureAwait(false);

        // Nodes another process was producing: by now most are in the store.
        foreach (var node in busy)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _results[node.Key] = new NodeResult(NodeStatus.Cancelled, null, []);
                continue;
            }

            if (!await MaterializeFolderInputsAsync(node, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            InterProcessLock? taken = null;
            try
            {
                taken = await InterProcessLock.AcquireAsync(_store.LockPath(node.Key), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _results[node.Key] = new NodeResult(NodeStatus.Cancelled, null, []);
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogDebug(e, "Could not lock {Node}; generating without it", node.Label);
            }

            NodeRun[] one = [new NodeRun(node, [])];
            using (taken)
            {
                if (ServedAfterLocking(node))
                {
                    continue;
                }

                await RunAndStoreAsync(runner, one, cancellationToken).ConfigureAwait(false);
            }

            await UploadAsync(one, cancellationToken).ConfigureAwait(false);
        }
    }

    // A generation opens its compiled model as a folder: written out of the store once per build
    // (a folder already there is complete: it only ever appears by rename). False, with the node
    // failed, when the store lost a piece of it since it was looked up.
    private async Task<bool> MaterializeFolderInputsAsync(ActionNode node, CancellationToken cancellationToken)
    {
        foreach (var input in node.Inputs)
        {
            if (_graph!.Node(input.Node).Kind != NodeKind.CompileModel || _materialized.Contains(input.Node))
            {
                continue;
            }

            var manifest = _results[input.Node].Record?.Output(input.Output);
            var done = false;
            try
            {
                done = manifest is not null
                    && await _store.TryReadBlobAsync(manifest.Sha256, _report, cancellationToken).ConfigureAwait(false) is { } bytes
                    && await StoredFolder.MaterializeAsync(_store, bytes, _store.FolderPath(input.Node), _report, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _results[node.Key] = new NodeResult(NodeStatus.Cancelled, null, []);
                return false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var diagnostic = Diagnostic.Error(EngineCodes.WriteFailed, $"Could not write the compiled model {_store.FolderPath(input.Node)}: {e.Message}", node.Location);
                _report(diagnostic);
                _results[node.Key] = new NodeResult(NodeStatus.Failed, null, [diagnostic]);
                return false;
            }

            if (!done)
            {
                var missing = Diagnostic.Error(ContentStore.MissingBlobCode, $"'{node.Label}' needs the compiled model {input.Node.Hex[..12]}, which is no longer complete in the cache; build again.", node.Location);
                _report(missing);
                _results[node.Key] = new NodeResult(NodeStatus.Failed, null, [missing]);
                return false;
            }

            _materialized.Add(input.Node);
        }

        return true;
    }

    // Another build may have stored the node while this one waited for (or took) its lock.
    private bool ServedAfterLocking(ActionNode node)
    {
        if (!_policy.ServesFromCache || LocalHit(node) is not { } record)
        {
            return false;
        }

        _results[node.Key] = new NodeResult(NodeStatus.Cached, record, []);
        return true;
    }

    private async Task RunDerivedNodesAsync(List<ActionNode> nodes, CancellationToken cancellationToken)
    {
        var runs = new List<NodeRun>(nodes.Count);
        foreach (var node in nodes)
        {
            if (await ReadInputsAsync(node, cancellationToken).ConfigureAwait(false) is { } inputs)
            {
                runs.Add(new NodeRun(node, inputs));
            }
        }

        foreach (var group in runs.GroupBy(r => r.Node.Kind))
        {
            await RunAndStoreAsync(_runners[group.Key], [.. group], cancellationToken).ConfigureAwait(false);
        }

        await UploadAsync(runs, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[][]?> ReadInputsAsync(ActionNode node, CancellationToken cancellationToken)
    {
        var inputs = new byte[node.Inputs.Count][];
        for (var i = 0; i < inputs.Length; i++)
        {
            var reference = node.Inputs[i];
            var output = _results[reference.Node].Record?.Output(reference.Output);
            byte[]? bytes = null;
            try
            {
                bytes = output is null ? null : await _store.TryReadBlobAsync(output.Sha256, _report, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _results[node.Key] = new NodeResult(NodeStatus.Cancelled, null, []);
                return null;
            }

            if (bytes is null)
            {
                // Deleted or corrupt since it was looked up (the store reported which): the next build produces it again.
                var missing = Diagnostic.Error(ContentStore.MissingBlobCode, $"'{node.Label}' needs output '{reference.Output}' of {reference.Node.Hex[..12]}, which is no longer in the cache; build again.", node.Location);
                _report(missing);
                _results[node.Key] = new NodeResult(NodeStatus.Failed, null, [missing]);
                return null;
            }

            inputs[i] = bytes;
        }

        return inputs;
    }

    private async Task RunAndStoreAsync(INodeRunner runner, IReadOnlyList<NodeRun> runs, CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return;
        }

        try
        {
            await runner.RunAsync(runs, (run, result) => StoreAsync(run.Node, result), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Marked cancelled below.
        }

        foreach (var run in runs)
        {
            _results.TryAdd(run.Node.Key, new NodeResult(NodeStatus.Cancelled, null, []));
        }
    }

    private async Task StoreAsync(ActionNode node, NodeRunResult result)
    {
        await StoreOrFailAsync(node, result).ConfigureAwait(false);
        if (NodeProduced is { } produced)
        {
            await produced(node, _results[node.Key]).ConfigureAwait(false);
        }
    }

    // Blobs first, then the record, each by atomic rename: a record never names a missing blob.
    private async Task StoreOrFailAsync(ActionNode node, NodeRunResult result)
    {
        if (result.Failure is { } failure)
        {
            _report(failure);
            _results[node.Key] = new NodeResult(NodeStatus.Failed, null, [failure]);
            return;
        }

        try
        {
            var outputs = new List<ActionOutput>(node.Outputs.Count);
            if (result.Folder is { } folder)
            {
                await StoreFolderAsync(node, folder, outputs).ConfigureAwait(false);
            }

            foreach (var name in result.Folder is null ? node.Outputs : Array.Empty<string>())
            {
                var bytes = BytesOf(result, name) ?? throw new InvalidOperationException($"the runner of '{node.Label}' produced no '{name}' output");
                var sha256 = await _store.PutBlobAsync(bytes, CancellationToken.None).ConfigureAwait(false);
                outputs.Add(new ActionOutput(name, sha256, bytes.LongLength));
            }

            var record = new ActionRecord(ActionRecord.CurrentSchema, node.Key.Hex, outputs, result.Producer!, DateTimeOffset.UtcNow);
            await _store.PutActionAsync(record, CancellationToken.None).ConfigureAwait(false);
            _results[node.Key] = new NodeResult(NodeStatus.Ran, record, []);
        }
        catch (InvalidOperationException e)
        {
            var diagnostic = Diagnostic.Error(EngineCodes.PluginCrashed, $"Producing '{node.Label}' failed: {e.Message}.", node.Location);
            _report(diagnostic);
            _results[node.Key] = new NodeResult(NodeStatus.Failed, null, [diagnostic]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var diagnostic = Diagnostic.Error(EngineCodes.WriteFailed, $"Could not store '{node.Label}' in the cache: {e.Message}", node.Location);
            _report(diagnostic);
            _results[node.Key] = new NodeResult(NodeStatus.Failed, null, [diagnostic]);
        }
    }

    // The manifest is the declared output, the chunks extra outputs; then the produced folder is the
    // materialised one (it has the very bytes just stored), unless another build put one there first.
    private async Task StoreFolderAsync(ActionNode node, string folder, List<ActionOutput> outputs)
    {
        try
        {
            var (manifest, chunks) = await StoredFolder.PutAsync(_store, folder, node.Outputs[0], CancellationToken.None).ConfigureAwait(false);
            var sha256 = await _store.PutBlobAsync(manifest, CancellationToken.None).ConfigureAwait(false);
            outputs.Add(new ActionOutput(node.Outputs[0], sha256, manifest.LongLength));
            outputs.AddRange(chunks);
            var destination = _store.FolderPath(node.Key);
            if (!Directory.Exists(destination))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                try
                {
                    Directory.Move(folder, destination);
                }
                catch (IOException) when (Directory.Exists(destination))
                {
                    // Another build materialised it first; the content is the same.
                }
            }

            _materialized.Add(node.Key);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static byte[]? BytesOf(NodeRunResult result, string name)
    {
        foreach (var (output, bytes) in result.Outputs!)
        {
            if (output == name)
            {
                return bytes;
            }
        }

        return null;
    }

    private async Task UploadAsync(IReadOnlyList<NodeRun> runs, CancellationToken cancellationToken)
    {
        if (_remote is null)
        {
            return;
        }

        foreach (var run in runs)
        {
            if (_results.TryGetValue(run.Node.Key, out var result) && result.Status == NodeStatus.Ran)
            {
                try
                {
                    await _remote.UploadAsync(run.Node.Key, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // The result is safe locally; other machines only lose a cache hit.
                    return;
                }
            }
        }
    }

    private ActionRecord? LocalHit(ActionNode node) =>
        _store.TryGetAction(node.Key, _report) is { } record && HasAllOutputs(node, record) ? record : null;

    // Every declared output, and every blob the record names (a folder output's chunks too).
    private bool HasAllOutputs(ActionNode node, ActionRecord record)
    {
        foreach (var name in node.Outputs)
        {
            if (record.Output(name) is null)
            {
                return false;
            }
        }

        foreach (var output in record.Outputs)
        {
            if (!_store.HasBlob(output.Sha256, output.Size))
            {
                return false;
            }
        }

        return true;
    }
}
