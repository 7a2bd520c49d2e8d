namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;
using AssetForge.Core.Caching;
using AssetForge.Core.Caching.Remote;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;
using Microsoft.Extensions.Logging;

/// <summary>Team scale: shards, the remote cache tier, and inter-process locks around generation and the build state.</summary>
public sealed partial class BuildEngine
{
    private const string StateLockFileName = "state.lock";

    private static readonly TimeSpan StateLockWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The action keys the project's current specs need (what <c>cache gc --keep-current</c>
    /// protects), without building; null when the configuration is unusable (diagnostics say why).
    /// </summary>
    public async Task<IReadOnlySet<string>?> CurrentKeysAsync(string projectDirectory, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sink = new DiagnosticSink(null);
        var config = LoadConfig(projectDirectory, sink);
        if (config is not null)
        {
            var catalog = GetCatalog(config.PluginDirectories);
            var project = await ProjectPlanner.PlanAsync(config, catalog, null, sink.Report, cancellationToken).ConfigureAwait(false);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var asset in project.Assets)
            {
                keys.Add(asset.Key.Hex);
            }

            foreach (var diagnostic in sink.ToList())
            {
                report(diagnostic);
            }

            return keys;
        }

        foreach (var diagnostic in sink.ToList())
        {
            report(diagnostic);
        }

        return null;
    }

    // Only the shard's assets are built (and recorded); the others keep whatever state they had.
    private static LoadedProject InShard(LoadedProject project, Shard? shard)
    {
        if (shard is not { } selected)
        {
            return project;
        }

        var assets = new List<PlannedAsset>(project.Assets.Count / selected.Count + 1);
        foreach (var asset in project.Assets)
        {
            if (selected.Contains(asset.Key))
            {
                assets.Add(asset);
            }
        }

        return project with { Assets = assets };
    }

    // The local output is current; CI gates on the committed lock file, so it must agree too
    // (a lock file left behind by a commit that changed a spec but not the lock).
    private static StatusEntry AgainstLockFile(LockFile lockFile, PlannedAsset asset, string outputSha256)
    {
        if (!lockFile.Entries.TryGetValue(asset.Spec.Id, out var locked))
        {
            return new StatusEntry(asset.Spec.Id, AssetState.Stale, [LockFileNoEntry], asset.OutputPath);
        }

        return locked.Key == asset.Key.Hex && locked.Sha256 == outputSha256
            ? new StatusEntry(asset.Spec.Id, AssetState.Current, [], asset.OutputPath)
            : new StatusEntry(asset.Spec.Id, AssetState.Stale, [LockFileDiffers], asset.OutputPath);
    }

    private const string LockFileNoEntry = "not in " + LockFile.FileName;

    private const string LockFileDiffers = LockFile.FileName;

    private sealed partial class BuildRun
    {
        private readonly RemoteCacheTier? _remote;

        private RemoteCacheTier? OpenRemoteCache()
        {
            var diagnostics = new List<Diagnostic>();
            var options = RemoteCacheSettingReader.ApplyOverride(_config.RemoteCache, _options.RemoteCache, "--remote-cache", diagnostics);
            _sink.ReportAll(diagnostics);
            if (options is not null)
            {
                Logger.LogInformation("Remote cache {Url} (upload {Upload})", options.Url, options.Upload ? "on" : "off");
            }

            return RemoteCacheTier.Create(_store, options, _sink.Report);
        }

        /// <summary>Moves the assets the remote has from <paramref name="toGenerate"/> to <paramref name="candidates"/>, their entries now in the local store.</summary>
        private async Task FetchFromRemoteAsync(List<(int Index, ActionOutput? Cached, (string Sha256, long Size)? Expected)> candidates, List<int> toGenerate)
        {
            if (_remote is null || _options.Force || toGenerate.Count == 0)
            {
                return;
            }

            var hits = new (int Index, ActionOutput Cached)?[toGenerate.Count];
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Jobs), CancellationToken = _cancellationToken };
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, toGenerate.Count), parallel, async (slot, token) =>
                {
                    var index = toGenerate[slot];
                    var record = await _remote.TryFetchAsync(_project.Assets[index].Key, token).ConfigureAwait(false);
                    if (record?.Output(ImageOutput) is { } image)
                    {
                        hits[slot] = (index, image);
                    }
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The local store could not take a download: generate instead.
                _sink.Report(Diagnostic.Warning(EngineCodes.WriteFailed, $"Could not store a remote cache entry locally: {e.Message}", SourceLocation.FileOnly(_store.Root)));
            }

            foreach (var hit in hits)
            {
                if (hit is { } found)
                {
                    toGenerate.Remove(found.Index);
                    candidates.Add((found.Index, found.Cached, (found.Cached.Sha256, found.Cached.Size)));
                }
            }
        }

        /// <summary>Assets whose local entry turned out corrupt or missing get one more chance from the remote; returns those still to generate.</summary>
        private async Task<List<int>> ServeFromRemoteAsync(List<int> fallBack)
        {
            if (_remote is null || fallBack.Count == 0)
            {
                return fallBack;
            }

            var candidates = new List<(int Index, ActionOutput? Cached, (string Sha256, long Size)? Expected)>();
            await FetchFromRemoteAsync(candidates, fallBack).ConfigureAwait(false);
            fallBack.AddRange(await ServeAsync(candidates).ConfigureAwait(false));
            return fallBack;
        }

        /// <summary>
        /// Generates one asset while holding its key's inter-process lock, so two builds sharing a
        /// cache generate it once: after the lock is taken the store is checked again, since the
        /// other build may have just produced it. Returns false, doing nothing, when
        /// <paramref name="wait"/> is false and another process holds the lock.
        /// </summary>
        private async Task<bool> GenerateExclusiveAsync(int index, IModelSession session, bool wait)
        {
            var asset = _project.Assets[index];
            var lockPath = _store.LockPath(asset.Key);
            InterProcessLock? held = null;
            try
            {
                held = wait
                    ? await InterProcessLock.AcquireAsync(lockPath, _cancellationToken).ConfigureAwait(false)
                    : InterProcessLock.TryAcquire(lockPath);
                if (held is null)
                {
                    return false;
                }
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A cache folder where no lock file can be made (read-only, full): generating without
                // the lock risks only doing the work twice, never a corrupt entry.
                Logger.LogDebug(e, "Could not lock {LockPath}; generating without it", lockPath);
            }

            using (held)
            {
                if (!_options.Force && await TryServeFromStoreAsync(index).ConfigureAwait(false))
                {
                    return true;
                }

                await GenerateOneAsync(index, session).ConfigureAwait(false);
            }

            await UploadIfGeneratedAsync(index).ConfigureAwait(false);
            return true;
        }

        /// <summary>
        /// The batched form of <see cref="GenerateExclusiveAsync"/>: takes every asset's key lock
        /// without waiting (assets another process holds go to <paramref name="busy"/>, for a
        /// waiting pass later), serves those that appeared in the store meanwhile, and generates
        /// the rest in one batch while still holding their locks.
        /// </summary>
        private async Task GenerateBatchExclusiveAsync(List<int> batch, IModelSession session, List<int> busy)
        {
            if (batch.Count == 0)
            {
                return;
            }

            var held = new List<InterProcessLock>(batch.Count);
            var toGenerate = new List<int>(batch.Count);
            try
            {
                foreach (var index in batch)
                {
                    var lockPath = _store.LockPath(_project.Assets[index].Key);
                    try
                    {
                        if (InterProcessLock.TryAcquire(lockPath) is not { } taken)
                        {
                            busy.Add(index);
                            continue;
                        }

                        held.Add(taken);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // As in GenerateExclusiveAsync: without a lock the risk is duplicate work, never a corrupt entry.
                        Logger.LogDebug(e, "Could not lock {LockPath}; generating without it", lockPath);
                    }

                    if (_options.Force || !await TryServeFromStoreAsync(index).ConfigureAwait(false))
                    {
                        toGenerate.Add(index);
                    }
                }

                await GenerateBatchAsync(toGenerate, session).ConfigureAwait(false);
            }
            finally
            {
                foreach (var taken in held)
                {
                    taken.Dispose();
                }
            }

            foreach (var index in toGenerate)
            {
                await UploadIfGeneratedAsync(index).ConfigureAwait(false);
            }
        }

        private async Task UploadIfGeneratedAsync(int index)
        {
            if (_remote is null || _outcomes[index]?.Kind != AssetOutcomeKind.Generated)
            {
                return;
            }

            try
            {
                await _remote.UploadAsync(_project.Assets[index].Key, _cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                // The result is safe locally; the next build uploads nothing for it, which only costs other machines a generation.
            }
        }

        private async Task<bool> TryServeFromStoreAsync(int index)
        {
            var asset = _project.Assets[index];
            if (_store.TryGetAction(asset.Key, _sink.Report)?.Output(ImageOutput) is not { } cached || !_store.HasBlob(cached.Sha256, cached.Size))
            {
                return false;
            }

            try
            {
                if (await _store.TryMaterializeAsync(cached.Sha256, cached.Size, asset.OutputPath, _sink.Report, _cancellationToken).ConfigureAwait(false))
                {
                    Record(index, cached.Sha256);
                    Finish(index, AssetOutcomeKind.FromCache, []);
                    return true;
                }
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail(index, Diagnostic.Error(EngineCodes.WriteFailed, $"Could not write {asset.OutputPath}: {e.Message}", asset.Spec.Location));
                return true;
            }

            return false;
        }

        private InterProcessLock? LockProjectState()
        {
            var path = Path.Combine(_config.ProjectDirectory, BuildState.DirectoryName, StateLockFileName);
            try
            {
                // Held for milliseconds (read, merge, two atomic writes): a short, bounded blocking wait.
                // Not cancellable: this save keeps what finished before a Ctrl+C; the bound keeps it finite.
                return InterProcessLock.Acquire(path, StateLockWait, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Logger.LogDebug(e, "Could not lock {Path}; saving the build state without it", path);
                return null;
            }
        }
    }
}
