namespace AssetForge.Core.NoOp;

using AssetForge.Core.Build;
using AssetForge.Core.Specs;

/// <summary>
/// Records what one complete build depends on, and writes its <see cref="NoOpState"/> when the
/// build ended clean (every target current, no diagnostic). Started before the config is read
/// (a start marker is touched, whose time is the file system's "now"); the spec folders'
/// listings are taken before the specs are searched.
/// </summary>
/// <remarks>
/// <para>Git's racy-clean rule, applied when writing: an input whose modification or change time
/// is not older than the start marker may have changed again within the same clock tick after it
/// was read, so its stamp proves nothing and no state is written (the next build writes one).
/// Outputs and the build's own state files are written by the build itself and are recorded as
/// written.</para>
/// <para>Nothing here decides whether an asset is current: the full build did; the state only
/// remembers that it found everything current, and under which stamps.</para>
/// </remarks>
public sealed class NoOpRecording : IDisposable
{
    private readonly string _projectDirectory;
    private readonly long _startNs;
    private readonly InputFileLog _log = new();
    private readonly IDisposable _scope;
    private ProjectConfig? _config;
    private string? _specList;
    private List<string> _searched = [];
    private DirectoryListing[] _listings = [];

    private NoOpRecording(string projectDirectory, long startNs)
    {
        _projectDirectory = projectDirectory;
        _startNs = startNs;
        _scope = InputFileLog.Begin(_log);
    }

    /// <summary>
    /// Starts recording a build of <paramref name="projectDirectory"/>, before its config is read;
    /// null (nothing recorded) when the project has no state folder yet (a first build, which
    /// writes no state: its outputs and lock file change the folders it searched) or it cannot be written.
    /// </summary>
    public static NoOpRecording? Start(string projectDirectory)
    {
        ArgumentNullException.ThrowIfNull(projectDirectory);
        var project = Path.GetFullPath(projectDirectory);
        var marker = NoOpStateFile.StartMarkerFor(project);
        try
        {
            if (!Directory.Exists(Path.GetDirectoryName(marker)))
            {
                return null;
            }

            File.WriteAllBytes(marker, []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var stamp = FileStamp.Of(marker);
        return stamp.Kind == FileStampKind.File ? new NoOpRecording(project, stamp.LatestNs) : null;
    }

    /// <summary>Takes the listings of the folders the spec search will walk, before it walks them.</summary>
    /// <param name="config">The loaded configuration.</param>
    /// <param name="specList">The explicit spec list, one path per line, as the CLI read it; null for the config's globs.</param>
    public void BeforeSpecSearch(ProjectConfig config, string? specList)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _specList = specList;
        _searched = SpecFileFinder.SearchedDirectories(config);
        _listings = new DirectoryListing[_searched.Count];
        for (var i = 0; i < _searched.Count; i++)
        {
            _listings[i] = DirectoryListing.Of(_searched[i]);
        }

        InputFileLog.NoteFile(config.ConfigPath ?? Path.Combine(config.ProjectDirectory, ProjectConfigLoader.FileName));
    }

    /// <summary>
    /// Writes the no-op state of a build that found or made every target current and reported
    /// nothing; returns why not otherwise (and removes an older state, which may prove a world
    /// that is gone).
    /// </summary>
    /// <param name="targets">Every target of the project: (id, absolute output path).</param>
    /// <param name="pluginDirectories">Every plugin folder the build looked in (built-in ones and the config's).</param>
    /// <param name="clean">Whether the build ended with exit code 0, no diagnostic and every target current.</param>
    /// <returns>Null when written, else the reason.</returns>
    public string? Finish(IReadOnlyList<(string Id, string OutputPath)> targets, IReadOnlyList<string> pluginDirectories, bool clean)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(pluginDirectories);
        var reason = !clean ? "the build was not clean"
            : _config is null ? "the spec search was not recorded"
            : TryWrite(_config, targets, pluginDirectories);
        if (reason is not null)
        {
            NoOpStateFile.Delete(_projectDirectory);
        }

        return reason;
    }

    /// <summary>Stops logging the inputs of this flow.</summary>
    public void Dispose() => _scope.Dispose();

    private string? TryWrite(ProjectConfig config, IReadOnlyList<(string Id, string OutputPath)> targets, IReadOnlyList<string> pluginDirectories)
    {
        // A spec added or removed while the build ran: the build did not see it.
        var listed = new List<ListedDirectory>(_searched.Count);
        for (var i = 0; i < _searched.Count; i++)
        {
            if (DirectoryListing.Of(_searched[i]) != _listings[i])
            {
                return "a spec folder changed during the build: " + _searched[i];
            }

            listed.Add(new ListedDirectory(_searched[i], _listings[i]));
        }

        var inputs = new List<StampedPath>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in _log.Files)
        {
            if (Stamp(file, inputs, seen) is { } problem)
            {
                return problem;
            }
        }

        foreach (var tree in _log.Trees.Concat(pluginDirectories))
        {
            if (StampTree(Path.GetFullPath(tree), inputs, seen) is { } problem)
            {
                return problem;
            }
        }

        // The build's own records: written by this build, so exempt from the racy rule, but a
        // later edit (another build of some targets, a hand edit) must be seen.
        var state = BuildState.Load(config.ProjectDirectory, _ => { });
        foreach (var own in new[] { BuildState.PathFor(config.ProjectDirectory), LockFile.PathFor(config.ProjectDirectory) })
        {
            if (seen.Add(own))
            {
                inputs.Add(new StampedPath(own, FileStamp.Of(own)));
            }
        }

        var recorded = new List<NoOpTarget>(targets.Count);
        foreach (var (id, outputPath) in targets)
        {
            var stamp = FileStamp.Of(outputPath);
            var relative = Path.GetRelativePath(config.ProjectDirectory, outputPath).Replace('\\', '/');
            var output = new FileInfo(outputPath);

            // The build state is what the full path trusts: the output must still be the one it recorded.
            if (stamp.Kind != FileStampKind.File || !state.Assets.TryGetValue(id, out var record) || record.Output != relative || !BuildEngine.RecordMatchesFile(record, output))
            {
                return "an output is not as the build state recorded it: " + outputPath;
            }

            recorded.Add(new NoOpTarget(id, outputPath, stamp));
        }

        recorded.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        var noOp = new NoOpState(NoOpToolIdentity.Current, NoOpToolIdentity.Environment(), _specList, NoOpProjectLayout.Of(config), inputs, listed, recorded);
        try
        {
            NoOpStateFile.Write(config.ProjectDirectory, noOp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "the state could not be written: " + e.Message;
        }

        return null;
    }

    private string? Stamp(string path, List<StampedPath> inputs, HashSet<string> seen)
    {
        if (!seen.Add(path))
        {
            return null;
        }

        var stamp = FileStamp.Of(path);
        if (!stamp.IsProof)
        {
            return "cannot stat " + path;
        }

        if (stamp.Kind != FileStampKind.Missing && stamp.LatestNs >= _startNs)
        {
            return "racy: changed since the build started: " + path;
        }

        inputs.Add(new StampedPath(path, stamp));
        return null;
    }

    // A folder whose files all count (a model, a plugin folder): every folder and file in it, hidden ones too.
    private string? StampTree(string root, List<StampedPath> inputs, HashSet<string> seen)
    {
        if (Stamp(root, inputs, seen) is { } problem)
        {
            return problem;
        }

        if (!Directory.Exists(root))
        {
            return null;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", options))
            {
                if (Stamp(entry, inputs, seen) is { } entryProblem)
                {
                    return entryProblem;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "cannot list " + root + ": " + e.Message;
        }

        return null;
    }
}
