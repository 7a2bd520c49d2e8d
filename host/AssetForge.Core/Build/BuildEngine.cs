namespace AssetForge.Core.Build;

using System.Diagnostics;
using System.Reflection;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;
using AssetForge.Core.Plugins;
using AssetForge.Core.Randomness;
using AssetForge.Core.Specs;
using Microsoft.Extensions.Logging;

/// <summary>
/// The engine behind <c>assetforge build|status|clean</c> and the MSBuild task: loads the config,
/// plugins and specs, computes keys, serves the cache and generates what is missing.
/// </summary>
/// <remarks>
/// <para>Per asset, a build decides, cheapest first: <b>up to date</b> (the build state says the
/// output was made from this key, and its size and modification time are unchanged, so it is not
/// re-hashed); <b>from cache</b> (the action is in the store: its blob is copied to the output,
/// verified on the way); else <b>generated</b>. A model is opened only when something must be
/// generated, at most once per build.</para>
/// <para>Outputs, cache entries, the build state and the lock file only ever appear by atomic
/// rename, so a crash or Ctrl+C leaves each either old or new, never half-written. Cancellation
/// never throws out of <see cref="BuildAsync"/>: unfinished assets are reported as cancelled.</para>
/// <para>Plugins are loaded once per engine and set of plugin folders, and kept for its lifetime.</para>
/// </remarks>
public sealed partial class BuildEngine : IDisposable
{
    private const string ImageOutput = ActionRecord.ImageOutput;

    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<string> _builtinPluginDirectories;
    private readonly Dictionary<string, PluginCatalog> _catalogs = new(StringComparer.Ordinal);
    private readonly Lock _catalogLock = new();

    /// <summary>Creates an engine.</summary>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="builtinPluginDirectories">Folders of built-in plugins (the host's <c>plugins/</c> folder).</param>
    public BuildEngine(ILoggerFactory loggerFactory, IReadOnlyList<string> builtinPluginDirectories)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(builtinPluginDirectories);
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<BuildEngine>();
        _builtinPluginDirectories = builtinPluginDirectories;
    }

    /// <summary>Builds a project.</summary>
    public async Task<BuildSummary> BuildAsync(string projectDirectory, BuildOptions options, IBuildObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        var clock = Stopwatch.StartNew();
        var sink = new DiagnosticSink(observer);
        var config = LoadConfig(projectDirectory, sink);
        if (config is null)
        {
            return new BuildSummary([], sink.ToList(), clock.Elapsed, 2);
        }

        if (options.SpecFiles is { } specFiles)
        {
            config = config with { SpecFiles = specFiles };
        }

        LoadedProject project;
        try
        {
            var catalog = GetCatalog(config.PluginDirectories);
            sink.ReportAll(catalog.Diagnostics);
            project = await ProjectPlanner.PlanAsync(config, catalog, options.AssetIds, sink.Report, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new BuildSummary([], sink.ToList(), clock.Elapsed, 1) { Cancelled = true };
        }

        if (UnknownAssetIds(project, options) is { Count: > 0 } unknown)
        {
            foreach (var diagnostic in unknown)
            {
                sink.Report(diagnostic);
            }

            return new BuildSummary([], sink.ToList(), clock.Elapsed, 2);
        }

        project = InShard(project, options.Shard);
        var run = new BuildRun(this, project, options, observer, sink, cancellationToken);
        var outcomes = await run.ExecuteAsync().ConfigureAwait(false);
        var failed = outcomes.Any(o => o.Kind is AssetOutcomeKind.Failed or AssetOutcomeKind.Cancelled);
        _logger.LogInformation(
            "Build of {Project} finished in {Elapsed} ms: {Count} assets, {Sessions} model sessions opened",
            config.ProjectDirectory, clock.ElapsedMilliseconds, outcomes.Count, run.SessionsOpened);
        return new BuildSummary(outcomes, sink.ToList(), clock.Elapsed, failed ? 1 : 0)
        {
            SessionsOpened = run.SessionsOpened,
            PostStagesRun = run.PostStagesRun,
            SpriteSheetsPacked = run.SpriteSheetsPacked,
            Cancelled = cancellationToken.IsCancellationRequested,
        };
    }

    /// <summary>Reports every asset's state without building or opening a model.</summary>
    /// <remarks>Exit code: 0 when every asset is current, 1 when some is stale, missing or invalid, 2 on configuration errors.</remarks>
    public async Task<StatusReport> StatusAsync(string projectDirectory, CancellationToken cancellationToken)
    {
        var sink = new DiagnosticSink(null);
        var config = LoadConfig(projectDirectory, sink);
        if (config is null)
        {
            return new StatusReport([], sink.ToList(), 2);
        }

        var catalog = GetCatalog(config.PluginDirectories);
        sink.ReportAll(catalog.Diagnostics);
        var project = await ProjectPlanner.PlanAsync(config, catalog, null, sink.Report, cancellationToken).ConfigureAwait(false);
        var state = BuildState.Load(config.ProjectDirectory, sink.Report);
        var lockFile = LockFile.Load(config.ProjectDirectory);
        var entries = new List<StatusEntry>(project.Assets.Count + project.Failures.Count);
        foreach (var failure in project.Failures)
        {
            entries.Add(new StatusEntry(failure.AssetId, AssetState.Invalid, [], failure.OutputPath ?? string.Empty));
        }

        foreach (var asset in project.Assets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            entries.Add(await StatusOfAsync(config, asset, state, lockFile, cancellationToken).ConfigureAwait(false));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.AssetId, b.AssetId));
        var allCurrent = entries.TrueForAll(e => e.State == AssetState.Current);
        return new StatusReport(entries, sink.ToList(), allCurrent ? 0 : 1);
    }

    /// <summary>Loads the built-in plugins and the project's plugin folders (when a project is given) and reports them.</summary>
    public PluginReport ListPlugins(string? projectDirectory)
    {
        IReadOnlyList<string> extra = [];
        if (projectDirectory is not null && ProjectConfigLoader.Load(projectDirectory).Config is { } config)
        {
            extra = config.PluginDirectories;
        }

        return GetCatalog(extra).Report;
    }

    /// <summary>
    /// The schedulers the built-in plugins (and the project's, when <paramref name="projectDirectory"/>
    /// is given) provide, ordered by id.
    /// </summary>
    public IReadOnlyList<SchedulerListing> ListSchedulers(string? projectDirectory)
    {
        IReadOnlyList<string> extra = [];
        if (projectDirectory is not null && ProjectConfigLoader.Load(projectDirectory).Config is { } config)
        {
            extra = config.PluginDirectories;
        }

        var catalog = GetCatalog(extra);
        return [.. catalog.Schedulers.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => new SchedulerListing(s, catalog.PluginNameOf(s)))];
    }

    /// <summary>Removes the project's outputs and its build state (never the cache's blobs).</summary>
    /// <returns>How many output files were deleted.</returns>
    public Task<int> CleanAsync(string projectDirectory, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(projectDirectory);
        var state = BuildState.Load(root, d => _logger.LogWarning("{Diagnostic}", d.ToString()));
        var deleted = 0;
        foreach (var record in state.Assets.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var output = Path.GetFullPath(record.Output, root);
            if (File.Exists(output))
            {
                File.Delete(output);
                deleted++;
                _logger.LogDebug("Deleted {Output}", output);
            }
        }

        AtomicFile.TryDelete(BuildState.PathFor(root));
        _logger.LogInformation("Cleaned {Count} outputs of {Project}", deleted, root);
        return Task.FromResult(deleted);
    }

    /// <summary>Releases the loaded plugins.</summary>
    public void Dispose()
    {
        lock (_catalogLock)
        {
            foreach (var catalog in _catalogs.Values)
            {
                catalog.Dispose();
            }

            _catalogs.Clear();
        }
    }

    internal ILogger Logger => _logger;

    internal static string HostVersion { get; } =
        typeof(BuildEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    internal static string RelativeToProject(ProjectConfig config, string path) =>
        Path.GetRelativePath(config.ProjectDirectory, path).Replace('\\', '/');

    internal static bool RecordMatchesFile(AssetBuildRecord record, FileInfo output) =>
        output.Exists && output.Length == record.Size && output.LastWriteTimeUtc.Ticks == record.MtimeTicks;

    // Ids the caller asked for that no spec defines: a typo on the command line should not pass as an empty, successful build.
    private static List<Diagnostic> UnknownAssetIds(LoadedProject project, BuildOptions options)
    {
        var unknown = new List<Diagnostic>();
        if (options.AssetIds is not { Count: > 0 } requested || project.SomeSpecFileFailed)
        {
            return unknown;
        }

        foreach (var id in requested)
        {
            if (!project.AllAssetIds.Contains(id))
            {
                unknown.Add(Diagnostic.Error(EngineCodes.UnknownAssetId, $"No spec defines the asset '{id}'.{SpellingSuggestion.DidYouMean(id, project.AllAssetIds)}"));
            }
        }

        return unknown;
    }

    private static ProjectConfig? LoadConfig(string projectDirectory, DiagnosticSink sink)
    {
        var result = ProjectConfigLoader.Load(projectDirectory);
        sink.ReportAll(result.Diagnostics);
        return result.Config is not null && !result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? result.Config : null;
    }

    private async Task<StatusEntry> StatusOfAsync(ProjectConfig config, PlannedAsset asset, BuildState state, LockFile lockFile, CancellationToken cancellationToken)
    {
        var output = new FileInfo(asset.OutputPath);
        var id = asset.Spec.Id;
        var relative = RelativeToProject(config, asset.OutputPath);
        if (state.Assets.TryGetValue(id, out var record) && record.Output == relative)
        {
            if (!output.Exists)
            {
                return new StatusEntry(id, AssetState.Missing, [], asset.OutputPath);
            }

            if (record.Key != asset.Key.Hex)
            {
                var changed = ActionKeyInputs.ChangedFields(record.Fields, asset.Fields);
                return new StatusEntry(id, AssetState.Stale, changed.Count > 0 ? changed : [ActionKeyInputs.SchemaField], asset.OutputPath);
            }

            if (RecordMatchesFile(record, output) ||
                (output.Length == record.Size && (await ContentHash.OfFileAsync(output.FullName, cancellationToken).ConfigureAwait(false)).Sha256 == record.Sha256))
            {
                return AgainstLockFile(lockFile, asset, record.Sha256);
            }

            return new StatusEntry(id, AssetState.Stale, ["output"], asset.OutputPath);
        }

        // No local state (a fresh clone): the committed lock file says what the output should be.
        if (lockFile.Entries.TryGetValue(id, out var locked) && output.Exists)
        {
            if (locked.Key != asset.Key.Hex)
            {
                return new StatusEntry(id, AssetState.Stale, [], asset.OutputPath);
            }

            var (sha, _) = await ContentHash.OfFileAsync(output.FullName, cancellationToken).ConfigureAwait(false);
            return new StatusEntry(id, sha == locked.Sha256 ? AssetState.Current : AssetState.Stale, sha == locked.Sha256 ? [] : ["output"], asset.OutputPath);
        }

        return new StatusEntry(id, AssetState.Missing, [], asset.OutputPath);
    }

    private PluginCatalog GetCatalog(IReadOnlyList<string> extraDirectories)
    {
        var directories = new List<string>(_builtinPluginDirectories.Count + extraDirectories.Count);
        foreach (var directory in _builtinPluginDirectories.Concat(extraDirectories))
        {
            directories.Add(Path.GetFullPath(directory));
        }

        var cacheKey = string.Join('\n', directories);
        lock (_catalogLock)
        {
            if (!_catalogs.TryGetValue(cacheKey, out var catalog))
            {
                catalog = PluginCatalogLoader.Load(directories, _loggerFactory.CreateLogger(typeof(PluginCatalogLoader)));
                _catalogs[cacheKey] = catalog;
            }

            return catalog;
        }
    }

    /// <summary>One execution of a planned build.</summary>
    private sealed partial class BuildRun
    {
        private readonly BuildEngine _engine;
        private readonly LoadedProject _project;
        private readonly ProjectConfig _config;
        private readonly BuildOptions _options;
        private readonly IBuildObserver _observer;
        private readonly DiagnosticSink _sink;
        private readonly CancellationToken _cancellationToken;
        private readonly ContentStore _store;
        private readonly BuildState _state;
        private readonly AssetOutcome?[] _outcomes;
        private readonly AssetBuildRecord?[] _records;
        private readonly string?[] _outputShas;
        private readonly Dictionary<ActionKey, (string Sha256, long Size)> _generated = [];

        public BuildRun(BuildEngine engine, LoadedProject project, BuildOptions options, IBuildObserver observer, DiagnosticSink sink, CancellationToken cancellationToken)
        {
            _engine = engine;
            _project = project;
            _config = project.Config;
            _options = options;
            _observer = observer;
            _sink = sink;
            _cancellationToken = cancellationToken;
            _store = new ContentStore(_config.CacheDirectory);
            _state = BuildState.Load(_config.ProjectDirectory, sink.Report);
            _outcomes = new AssetOutcome?[project.Assets.Count];
            _records = new AssetBuildRecord?[project.Assets.Count];
            _outputShas = new string?[project.Assets.Count];
            _remote = OpenRemoteCache();
        }

        public int SessionsOpened { get; private set; }

        private ILogger Logger => _engine.Logger;

        public async Task<IReadOnlyList<AssetOutcome>> ExecuteAsync()
        {
            foreach (var failure in _project.Failures)
            {
                _observer.OnAssetFinished(failure);
            }

            var candidates = new List<(int Index, ActionOutput? Cached, (string Sha256, long Size)? Expected)>();
            var toGenerate = new List<int>();
            for (var i = 0; i < _project.Assets.Count; i++)
            {
                Classify(i, candidates, toGenerate);
            }

            await FetchFromRemoteAsync(candidates, toGenerate).ConfigureAwait(false);
            _observer.OnPlanned(_project.Assets.Count, toGenerate.Count);
            var fallBack = await ServeAsync(candidates).ConfigureAwait(false);
            fallBack = await ServeFromRemoteAsync(fallBack).ConfigureAwait(false);
            toGenerate.AddRange(fallBack);
            toGenerate.Sort();
            if (_options.NoGenerate)
            {
                await RefuseToGenerateAsync(toGenerate).ConfigureAwait(false);
            }
            else
            {
                await GenerateAsync(toGenerate).ConfigureAwait(false);
            }

            for (var i = 0; i < _outcomes.Length; i++)
            {
                _outcomes[i] ??= Finish(i, AssetOutcomeKind.Cancelled, []);
            }

            SaveState();
            _remote?.Dispose();
            return [.. _project.Failures, .. _outcomes!];
        }

        // Cheap checks only (stat, small JSON): hashing and copying happen in ServeAsync, in parallel.
        private void Classify(int index, List<(int, ActionOutput?, (string, long)?)> candidates, List<int> toGenerate)
        {
            var asset = _project.Assets[index];
            if (_options.Force)
            {
                toGenerate.Add(index);
                return;
            }

            var relative = RelativeToProject(_config, asset.OutputPath);
            _state.Assets.TryGetValue(asset.Spec.Id, out var record);
            if (record is not null && record.Key == asset.Key.Hex && record.Output == relative && RecordMatchesFile(record, new FileInfo(asset.OutputPath)))
            {
                _records[index] = record;
                _outputShas[index] = record.Sha256;
                Finish(index, AssetOutcomeKind.UpToDate, []);
                return;
            }

            (string, long)? expected = null;
            if (record is not null && record.Key == asset.Key.Hex)
            {
                expected = (record.Sha256, record.Size);
            }

            var action = _store.TryGetAction(asset.Key, _sink.Report);
            var cached = action?.Output(ImageOutput);
            if (cached is not null && _store.HasBlob(cached.Sha256, cached.Size))
            {
                candidates.Add((index, cached, (cached.Sha256, cached.Size)));
            }
            else if (expected is not null)
            {
                candidates.Add((index, null, expected));
            }
            else
            {
                toGenerate.Add(index);
            }
        }

        /// <returns>Assets that turned out to need generating after all (corrupt or missing blobs).</returns>
        private async Task<List<int>> ServeAsync(List<(int Index, ActionOutput? Cached, (string Sha256, long Size)? Expected)> candidates)
        {
            var fallBack = new List<int>();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Jobs), CancellationToken = _cancellationToken };
            try
            {
                await Parallel.ForEachAsync(candidates, parallel, async (candidate, token) =>
                {
                    var asset = _project.Assets[candidate.Index];
                    try
                    {
                        // An output that already has the right bytes (state lost, file touched) is kept as is.
                        var output = new FileInfo(asset.OutputPath);
                        if (candidate.Expected is { } expected && output.Exists && output.Length == expected.Size &&
                            (await ContentHash.OfFileAsync(output.FullName, token).ConfigureAwait(false)).Sha256 == expected.Sha256)
                        {
                            Record(candidate.Index, expected.Sha256);
                            Finish(candidate.Index, AssetOutcomeKind.UpToDate, []);
                            return;
                        }

                        if (candidate.Cached is { } cached &&
                            await _store.TryMaterializeAsync(cached.Sha256, cached.Size, asset.OutputPath, _sink.Report, token).ConfigureAwait(false))
                        {
                            Record(candidate.Index, cached.Sha256);
                            Finish(candidate.Index, AssetOutcomeKind.FromCache, []);
                            return;
                        }
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        var diagnostic = Diagnostic.Error(EngineCodes.WriteFailed, $"Could not write {asset.OutputPath}: {e.Message}", asset.Spec.Location);
                        _sink.Report(diagnostic);
                        Finish(candidate.Index, AssetOutcomeKind.Failed, [diagnostic]);
                        return;
                    }

                    lock (fallBack)
                    {
                        fallBack.Add(candidate.Index);
                    }
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                // Unfinished assets are marked cancelled at the end.
            }

            return fallBack;
        }

        // Contact sheets are drawn from their cells, not generated: they are still built when every cell came from the cache.
        private async Task RefuseToGenerateAsync(List<int> toGenerate)
        {
            var sheets = new List<int>();
            var spriteSheets = new List<int>();
            foreach (var index in toGenerate)
            {
                if (_project.Assets[index].Sheet is not null)
                {
                    sheets.Add(index);
                    continue;
                }

                if (_project.Assets[index].SpriteSheet is not null)
                {
                    spriteSheets.Add(index);
                    continue;
                }

                if (await TryFinishFromCachedStageAsync(index).ConfigureAwait(false))
                {
                    continue;
                }

                var spec = _project.Assets[index].Spec;
                Fail(index, Diagnostic.Error(
                    EngineCodes.CacheMissWithGenerationOff,
                    $"'{spec.Id}' is not in the cache (key {_project.Assets[index].Key.Hex[..12]}) and generation is off; build it where generation is on, or fill the shared cache.",
                    spec.Location));
            }

            await DrawSheetsAsync(sheets).ConfigureAwait(false);
            await PackSpriteSheetsAsync(spriteSheets).ConfigureAwait(false);
        }

        private async Task GenerateAsync(List<int> toGenerate)
        {
            // Group by model so each model is opened once, in the order assets appear.
            var groups = new List<(ResolvedModel Model, List<int> Indices)>();
            var sheets = new List<int>();
            var spriteSheets = new List<int>();
            foreach (var index in toGenerate)
            {
                if (_project.Assets[index].Sheet is not null)
                {
                    sheets.Add(index); // drawn from their cells once those are done
                    continue;
                }

                if (_project.Assets[index].SpriteSheet is not null)
                {
                    spriteSheets.Add(index); // packed from their members once those are done
                    continue;
                }

                // Only post steps changed: no diffusion, just the stages after the last cached one.
                if (await TryFinishFromCachedStageAsync(index).ConfigureAwait(false))
                {
                    continue;
                }

                var model = _project.Assets[index].Model;
                var group = groups.FindIndex(g => g.Model.Directory == model.Directory && g.Model.Backend == model.Backend);
                if (group < 0)
                {
                    groups.Add((model, [index]));
                }
                else
                {
                    groups[group].Indices.Add(index);
                }
            }

            var executionProvider = _options.ExecutionProvider ?? _config.ExecutionProvider;
            foreach (var (model, indices) in groups)
            {
                if (_cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                IModelSession? session = null;
                Diagnostic? openFailure = null;
                var batch = new List<int>();
                var busy = new List<int>();
                try
                {
                    foreach (var index in indices)
                    {
                        if (_cancellationToken.IsCancellationRequested)
                        {
                            return;
                        }

                        var asset = _project.Assets[index];
                        if (session is null && openFailure is null)
                        {
                            (session, openFailure) = Open(model, executionProvider);
                        }

                        if (openFailure is not null)
                        {
                            var diagnostic = openFailure with { Location = asset.Spec.LocationOf("model") };
                            _sink.Report(diagnostic);
                            Finish(index, AssetOutcomeKind.Failed, [diagnostic]);
                            continue;
                        }

                        if (!CanJoinBatch(batch, index, session!))
                        {
                            await GenerateBatchExclusiveAsync(batch, session!, busy).ConfigureAwait(false);
                            batch.Clear();
                        }

                        batch.Add(index);
                    }

                    if (session is not null)
                    {
                        await GenerateBatchExclusiveAsync(batch, session, busy).ConfigureAwait(false);

                        // Assets another process was producing: by now most are in the cache.
                        foreach (var index in busy)
                        {
                            await GenerateExclusiveAsync(index, session, wait: true).ConfigureAwait(false);
                        }
                    }
                }
                finally
                {
                    session?.Dispose();
                }
            }

            await DrawSheetsAsync(sheets).ConfigureAwait(false);
            await PackSpriteSheetsAsync(spriteSheets).ConfigureAwait(false);
        }

        private (IModelSession? Session, Diagnostic? Failure) Open(ResolvedModel model, string executionProvider)
        {
            try
            {
                var opening = System.Diagnostics.Stopwatch.StartNew();
                var session = model.Backend.Open(new ModelSessionOptions(model.Directory, executionProvider));
                _observer.OnModelOpened(model.Name, session.Info.ExecutionProvider, opening.Elapsed);
                SessionsOpened++;
                Logger.LogInformation("Opened model {Model} on {Provider}", model.Name, session.Info.ExecutionProvider);
                return (session, null);
            }
            catch (PluginException e)
            {
                return (null, Diagnostic.Error(e.Code, e.Message));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Logger.LogDebug(e, "Opening model {Model} failed", model.Name);
                return (null, Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{_project.Catalog.PluginNameOf(model.Backend)}' failed to open model '{model.Name}': {e.GetType().Name}: {e.Message}"));
            }
        }

        private async Task GenerateOneAsync(int index, IModelSession session)
        {
            var asset = _project.Assets[index];
            var spec = asset.Spec;

            // Assets with identical inputs (same key) are generated once per build; the others are
            // served from what that generation stored.
            if (_generated.TryGetValue(asset.Key, out var done))
            {
                try
                {
                    if (await _store.TryMaterializeAsync(done.Sha256, done.Size, asset.OutputPath, _sink.Report, _cancellationToken).ConfigureAwait(false))
                    {
                        Record(index, done.Sha256);
                        Finish(index, AssetOutcomeKind.FromCache, []);
                        return;
                    }
                }
                catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Fail(index, Diagnostic.Error(EngineCodes.WriteFailed, $"Could not write {asset.OutputPath}: {e.Message}", spec.Location));
                    return;
                }
            }

            _observer.OnGenerationStarted(spec.Id, spec.Steps);
            byte[] png;
            try
            {
                var job = ImageJobFactory.Create(asset, session.Info);
                var images = await session.GenerateAsync([job], new StepReporter(_observer, spec.Id), _cancellationToken).ConfigureAwait(false);
                if (images is not [{ Png.Length: > 0 } image])
                {
                    throw new InvalidOperationException($"it returned {images?.Count ?? 0} images for 1 job");
                }

                png = image.Png;
                if (image.Timings is { } timings)
                {
                    _observer.OnGenerationTimed(spec.Id, timings);
                }
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (PluginException e)
            {
                Fail(index, Diagnostic.Error(e.Code, e.Message, spec.Location));
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Logger.LogDebug(e, "Generating {Asset} failed", spec.Id);
                Fail(index, Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{_project.Catalog.PluginNameOf(asset.Model.Backend)}' failed generating this asset: {e.GetType().Name}: {e.Message}", spec.Location));
                return;
            }

            await StoreGeneratedAsync(index, png, session.Info.ExecutionProvider, session.Info.Precision).ConfigureAwait(false);
        }

        private async Task StoreGeneratedAsync(int index, byte[] png, string executionProvider, string precision)
        {
            var asset = _project.Assets[index];
            var spec = asset.Spec;
            try
            {
                // The cache first, so an output never exists without its cache entry.
                var sha256 = await _store.PutBlobAsync(png, CancellationToken.None).ConfigureAwait(false);
                var producer = new ActionProducer(
                    $"{asset.Model.Backend.Id} {asset.Model.Backend.Version}",
                    $"{asset.Scheduler.Id} {asset.Scheduler.Version}",
                    executionProvider,
                    precision,
                    Environment.MachineName,
                    HostVersion,
                    ContractVersion.Text);
                var record = new ActionRecord(ActionRecord.CurrentSchema, asset.GenerationKey.Hex, [new ActionOutput(ImageOutput, sha256, png.LongLength)], producer, DateTimeOffset.UtcNow);
                await _store.PutActionAsync(record, CancellationToken.None).ConfigureAwait(false);
                if (asset.PostStages.Count > 0)
                {
                    // The generation is cached under its own key; the output is the chain's last stage.
                    if (await RunPostStagesAsync(index, png, 0).ConfigureAwait(false) is { } final)
                    {
                        await WriteFinalAsync(index, final, AssetOutcomeKind.Generated).ConfigureAwait(false);
                    }

                    return;
                }

                await AtomicFile.WriteAsync(asset.OutputPath, png, CancellationToken.None).ConfigureAwait(false);
                _generated[asset.Key] = (sha256, png.LongLength);
                Record(index, sha256);
                Finish(index, AssetOutcomeKind.Generated, []);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail(index, Diagnostic.Error(EngineCodes.WriteFailed, $"Could not store the generated image: {e.Message}", spec.Location));
            }
        }

        private void Fail(int index, Diagnostic diagnostic)
        {
            _sink.Report(diagnostic);
            Finish(index, AssetOutcomeKind.Failed, [diagnostic]);
        }

        private void Record(int index, string sha256)
        {
            var asset = _project.Assets[index];
            var output = new FileInfo(asset.OutputPath);
            _records[index] = new AssetBuildRecord(asset.Key.Hex, RelativeToProject(_config, asset.OutputPath), sha256, output.Length, output.LastWriteTimeUtc.Ticks, asset.Fields);
            _outputShas[index] = sha256;
        }

        private AssetOutcome Finish(int index, AssetOutcomeKind kind, IReadOnlyList<Diagnostic> diagnostics)
        {
            var asset = _project.Assets[index];
            var outcome = new AssetOutcome(asset.Spec.Id, kind, asset.OutputPath, asset.Key.Hex, diagnostics);
            _outcomes[index] = outcome;
            _observer.OnAssetFinished(outcome);
            return outcome;
        }

        private void SaveState()
        {
            // Another build of this project may be finishing too: merge into what is on disk now.
            using var exclusive = LockProjectState();
            var state = BuildState.Load(_config.ProjectDirectory, _ => { });
            var lockFile = LockFile.Load(_config.ProjectDirectory);
            for (var i = 0; i < _records.Length; i++)
            {
                if (_records[i] is { } record)
                {
                    var spec = _project.Assets[i].Spec;
                    state.Assets[spec.Id] = record;
                    lockFile.Entries[spec.Id] = new LockEntry(record.Key, spec.Output, _outputShas[i]!);
                }
            }

            // Drop lock entries of assets that no longer exist, unless some spec could not be read
            // (its assets' ids are unknown) or only some assets (by id or shard) were built.
            if (_options.AssetIds is not { Count: > 0 } && _options.Shard is null && !_project.SomeSpecFileFailed)
            {
                var ids = new HashSet<string>(StringComparer.Ordinal);
                foreach (var asset in _project.Assets)
                {
                    ids.Add(asset.Spec.Id);
                }

                foreach (var failure in _project.Failures)
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
                state.Save(_config.ProjectDirectory);
                lockFile.Save(_config.ProjectDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _sink.Report(Diagnostic.Warning(EngineCodes.WriteFailed, $"Could not save the build state or lock file: {e.Message}", SourceLocation.FileOnly(_config.ProjectDirectory)));
            }
        }
    }
}
