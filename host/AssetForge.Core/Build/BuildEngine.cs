namespace AssetForge.Core.Build;

using System.Diagnostics;
using System.Reflection;
using AssetForge.Abstractions.Imaging;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Graph;
using AssetForge.Core.Hashing;
using AssetForge.Core.NoOp;
using AssetForge.Core.Plugins;
using AssetForge.Core.Specs;
using Microsoft.Extensions.Logging;

/// <summary>
/// The engine behind <c>assetforge build|status|clean</c> and the MSBuild task: loads the config,
/// plugins and specs, computes keys, serves the cache and generates what is missing.
/// </summary>
/// <remarks>
/// <para>The specs are planned into keyed assets, lowered into an action graph (nodes keyed over
/// their own fields and their inputs' keys; targets naming the output files), and the closure of
/// the requested targets is built by one executor (see <see cref="Execution.GraphExecutor"/>).
/// Per target, cheapest first: <b>up to date</b> (the build state says the output was made from
/// its node's key, and its size and modification time are unchanged, so it is not re-hashed);
/// <b>from cache</b> (the node is in the store: its blob is copied to the output, verified on the
/// way); else its node is produced. A model is opened only when something must be generated.</para>
/// <para>Outputs, cache entries, the build state and the lock file only ever appear by atomic
/// rename, so a crash or Ctrl+C leaves each either old or new, never half-written. Cancellation
/// never throws out of <see cref="BuildAsync"/>: unfinished assets are reported as cancelled.</para>
/// <para>Plugins are loaded once per engine and set of plugin folders, and kept for its lifetime.</para>
/// </remarks>
public sealed class BuildEngine : IDisposable
{
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

    /// <summary>Builds a project (all of it, or the closure of <see cref="BuildOptions.AssetIds"/>).</summary>
    public async Task<BuildSummary> BuildAsync(string projectDirectory, BuildOptions options, IBuildObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        var clock = Stopwatch.StartNew();
        var sink = new DiagnosticSink(observer);

        // A build of every target records what it read, for the next no-op (#14; NoOp/).
        using var recording = options.AssetIds is null && options.Shard is null ? NoOpRecording.Start(projectDirectory) : null;
        var config = LoadConfig(projectDirectory, sink);
        if (config is null)
        {
            return new BuildSummary([], sink.ToList(), clock.Elapsed, 2);
        }

        if (options.SpecFiles is { } specFiles)
        {
            config = config with { SpecFiles = specFiles };
        }

        recording?.BeforeSpecSearch(config, options.SpecFiles is { } list ? string.Join('\n', list) : null);

        LoweredProject lowered;
        try
        {
            lowered = await LowerAsync(config, sink, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new BuildSummary([], sink.ToList(), clock.Elapsed, 1) { Cancelled = true };
        }

        var selection = TargetSelection.Select(lowered, options.AssetIds);
        if (selection.Unknown.Count > 0)
        {
            sink.ReportAll(selection.Unknown);
            return new BuildSummary([], sink.ToList(), clock.Elapsed, 2);
        }

        foreach (var failure in selection.AssetFailures)
        {
            sink.ReportAll(failure.Diagnostics);
        }

        BuildPlan plan;
        try
        {
            plan = BuildPlan.For(lowered.Graph, selection.Targets);
        }
        catch (GraphCycleException e)
        {
            sink.Report(Diagnostic.Error(DiagnosticCodes.DependencyCycle, e.Message, SourceLocation.FileOnly(config.ProjectDirectory)));
            return new BuildSummary([], sink.ToList(), clock.Elapsed, 1);
        }

        var run = new BuildRun(lowered.Project, plan, options, observer, sink, _logger);
        var outcomes = await run.ExecuteAsync([.. lowered.Project.SpecFileFailures, .. selection.AssetFailures], cancellationToken).ConfigureAwait(false);
        var failed = outcomes.Any(o => o.Kind is AssetOutcomeKind.Failed or AssetOutcomeKind.Cancelled);
        var report = run.Report!;
        _logger.LogInformation(
            "Build of {Project} finished in {Elapsed} ms: {Targets} targets, {Nodes} nodes planned, {Sessions} model sessions opened",
            config.ProjectDirectory, clock.ElapsedMilliseconds, plan.Targets.Count, plan.Nodes.Count, run.SessionsOpened);
        var summary = new BuildSummary(outcomes, sink.ToList(), clock.Elapsed, failed ? 1 : 0)
        {
            Generated = report.ModelRuns,
            SessionsOpened = run.SessionsOpened,
            PostStagesRun = report.PostStagesRun,
            ContactSheetsDrawn = report.ContactSheetsDrawn,
            SpriteSheetsPacked = report.SpriteSheetsPacked,
            ModelsCompiled = report.ModelsCompiled,
            ModelsDownloaded = report.ModelsDownloaded,
            Deferred = report.Deferred,
            Cancelled = cancellationToken.IsCancellationRequested,
        };
        RecordNoOp(recording, config, lowered, summary);
        return summary;
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

        var lowered = await LowerAsync(config, sink, cancellationToken).ConfigureAwait(false);
        var state = BuildState.Load(config.ProjectDirectory, sink.Report);
        var lockFile = LockFile.Load(config.ProjectDirectory);
        var entries = new List<StatusEntry>(lowered.Graph.Targets.Count + lowered.Failures.Count);
        foreach (var failure in lowered.Project.SpecFileFailures.Concat(lowered.Failures))
        {
            entries.Add(new StatusEntry(failure.AssetId, AssetState.Invalid, [], failure.OutputPath ?? string.Empty));
        }

        foreach (var target in lowered.Graph.Targets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            entries.Add(await TargetStatus.OfAsync(config, target, state, lockFile, cancellationToken).ConfigureAwait(false));
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
        NoOpStateFile.Delete(root);
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

    /// <summary>Every asset of the project with its key, inputs and state; opens no model.</summary>
    public async Task<ProjectOverview> DescribeAsync(string projectDirectory, CancellationToken cancellationToken)
    {
        var sink = new DiagnosticSink(null);
        var config = LoadConfig(projectDirectory, sink);
        if (config is null)
        {
            return new ProjectOverview(Path.GetFullPath(projectDirectory), [], [], sink.ToList(), 2);
        }

        var lowered = await LowerAsync(config, sink, cancellationToken).ConfigureAwait(false);
        var state = BuildState.Load(config.ProjectDirectory, sink.Report);
        var lockFile = LockFile.Load(config.ProjectDirectory);
        var assets = new List<AssetOverview>(lowered.Graph.Targets.Count);
        var store = new ContentStore(config.CacheDirectory);
        foreach (var target in lowered.Graph.Targets)
        {
            var asset = target.Asset;
            var status = await TargetStatus.OfAsync(config, target, state, lockFile, cancellationToken).ConfigureAwait(false);
            var parameters = asset.Sheet is null && asset.SpriteSheet is null ? ImageJobFactory.MetadataOf(asset.Generation)[0].Value : null;
            var sheet = asset.Sheet is { } s ? new SheetLayout(s.ColumnAxis, s.ColumnLabels, s.RowAxis, s.RowLabels, s.CellIds) : null;
            var compiled = asset.Sheet is null && asset.SpriteSheet is null && asset.Generation.Model.Compilation is { } c
                ? new CompiledModelOverview(c.ModelName, c.Source, c.Key.Hex, c.Fields, File.Exists(store.ActionPath(c.Key)))
                : null;
            assets.Add(new AssetOverview(target.Id, asset.Origin, target.OutputPath, target.Source.Node.Hex, target.Fields, status.State, status.ChangedFields, parameters, sheet, compiled));
        }

        var failures = lowered.Project.SpecFileFailures.Concat(lowered.Failures).Select(f => f.AssetId).ToList();
        return new ProjectOverview(config.ProjectDirectory, assets, failures, sink.ToList(), 0);
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

    /// <summary>The first loaded backend (built-in plugins only) that also is a <typeparamref name="T"/>, e.g. an <see cref="AssetForge.Abstractions.Models.IRandomCheckpointWriter"/>; null when none is.</summary>
    public T? FindBuiltinBackend<T>()
        where T : class
    {
        foreach (var backend in GetCatalog([]).Backends)
        {
            if (backend is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// Regenerates assets (all, or those whose id or spec id is in <paramref name="assetIds"/>)
    /// without writing the cache or the outputs, and returns each next to the cached PNG for its
    /// generation key. Contact sheets and sprite sheets are not regenerated: they are drawn from
    /// their inputs, which are.
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
        var project = await ProjectPlanner.PlanAsync(config, catalog, sink.Report, cancellationToken).ConfigureAwait(false);
        return await new ImageRegeneration(config, project, _logger).RunAsync(assetIds, executionProvider, sink, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The action keys the project's current specs need (what <c>cache gc --keep-current</c>
    /// protects: every node of the graph, intermediate stages too), without building; null when
    /// the configuration is unusable (diagnostics say why).
    /// </summary>
    public async Task<IReadOnlySet<string>?> CurrentKeysAsync(string projectDirectory, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sink = new DiagnosticSink(null);
        var lowered = await LowerProjectAsync(projectDirectory, sink, cancellationToken).ConfigureAwait(false);
        HashSet<string>? keys = null;
        if (lowered is not null)
        {
            keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in lowered.Graph.Nodes)
            {
                keys.Add(node.Key.Hex);
            }
        }

        foreach (var diagnostic in sink.ToList())
        {
            report(diagnostic);
        }

        return keys;
    }

    /// <summary>The project's action graph (compile, generation, post and sheet nodes), as a build lowers it, without building; null when the configuration is unusable.</summary>
    internal async Task<LoweredProject?> LowerProjectAsync(string projectDirectory, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        var config = LoadConfig(projectDirectory, sink);
        return config is null ? null : await LowerAsync(config, sink, cancellationToken).ConfigureAwait(false);
    }

    internal static string HostVersion { get; } =
        typeof(BuildEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    internal static string RelativeToProject(ProjectConfig config, string path) =>
        Path.GetRelativePath(config.ProjectDirectory, path).Replace('\\', '/');

    internal static bool RecordMatchesFile(AssetBuildRecord record, FileInfo output) =>
        output.Exists && output.Length == record.Size && output.LastWriteTimeUtc.Ticks == record.MtimeTicks;

    // A build that found or made every target current, and said nothing, leaves a no-op state behind.
    private void RecordNoOp(NoOpRecording? recording, ProjectConfig config, LoweredProject lowered, BuildSummary summary)
    {
        if (recording is null)
        {
            return;
        }

        var targets = new List<(string Id, string OutputPath)>(lowered.Graph.Targets.Count);
        foreach (var target in lowered.Graph.Targets)
        {
            targets.Add((target.Id, target.OutputPath));
        }

        var clean = summary.ExitCode == 0 && !summary.Cancelled && summary.Diagnostics.Count == 0 && summary.Deferred == 0
            && lowered.Failures.Count == 0 && summary.Outcomes.Count == targets.Count
            && summary.Outcomes.All(o => o.Kind is AssetOutcomeKind.UpToDate or AssetOutcomeKind.Generated or AssetOutcomeKind.FromCache);
        var pluginDirectories = new List<string>(_builtinPluginDirectories.Count + config.PluginDirectories.Count);
        foreach (var directory in _builtinPluginDirectories.Concat(config.PluginDirectories))
        {
            pluginDirectories.Add(Path.GetFullPath(directory));
        }

        var clock = Stopwatch.StartNew();
        var notWritten = recording.Finish(targets, pluginDirectories, clean);
        _logger.LogDebug("No-op state {Outcome} in {Elapsed:F1} ms", notWritten is null ? "written" : "not written (" + notWritten + ")", clock.Elapsed.TotalMilliseconds);
    }

    private static ProjectConfig? LoadConfig(string projectDirectory, DiagnosticSink sink)
    {
        var result = ProjectConfigLoader.Load(projectDirectory);
        sink.ReportAll(result.Diagnostics);
        return result.Config is not null && !result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? result.Config : null;
    }

    // Plugins, specs, keys, then the graph: everything a build, status or explain needs, with no model opened.
    private async Task<LoweredProject> LowerAsync(ProjectConfig config, DiagnosticSink sink, CancellationToken cancellationToken)
    {
        // Phase times at -v detailed: where an unchanged project's build spends its time (#14).
        var clock = Stopwatch.StartNew();
        var catalog = GetCatalog(config.PluginDirectories);
        sink.ReportAll(catalog.Diagnostics);
        var plugins = clock.Elapsed;
        var project = await ProjectPlanner.PlanAsync(config, catalog, sink.Report, cancellationToken).ConfigureAwait(false);
        var planned = clock.Elapsed;
        var lowered = GraphLowering.Lower(project.Assets);
        _logger.LogDebug(
            "Lowered {Assets} assets in {Total:F1} ms: plugins {Plugins:F1} ms, specs and keys {Plan:F1} ms, graph {Graph:F1} ms",
            project.Assets.Count,
            clock.Elapsed.TotalMilliseconds,
            plugins.TotalMilliseconds,
            (planned - plugins).TotalMilliseconds,
            (clock.Elapsed - planned).TotalMilliseconds);
        return new LoweredProject(project, lowered.Graph, [.. project.AssetFailures, .. lowered.Failures]);
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
}
