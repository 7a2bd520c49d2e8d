namespace AssetForge.MSBuild;

using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// One run of <c>assetforge build --format jsonl</c> as the task sees it: reads the CLI's JSON
/// lines as they arrive, logs diagnostics to MSBuild with their file, line and column (so they print
/// as <c>path(line,col): error AFnnnn: message</c> and IDEs list them), and collects the outputs.
/// </summary>
/// <remarks>Called on the process's reader threads (stdout and stderr each have one): members lock.</remarks>
internal sealed class CliRun
{
    private const int ErrorTailLines = 20;

    private readonly TaskLoggingHelper _log;
    private readonly object _gate = new();
    private readonly List<string> _outputPaths = [];
    private readonly List<string> _dependencyDirectories = [];
    private readonly Queue<string> _errorTail = new();
    private string? _outputDirectory;

    public CliRun(TaskLoggingHelper log, string projectDirectory)
    {
        _log = log;
        ProjectDirectory = projectDirectory;
    }

    public string ProjectDirectory { get; }

    /// <summary>The summary line ("2 generated, 1 up to date, ..."), once the CLI wrote it.</summary>
    public string? Summary { get; private set; }

    /// <summary>Folders whose files the build depends on (plugin and model folders).</summary>
    public IReadOnlyList<string> DependencyDirectories
    {
        get
        {
            lock (_gate)
            {
                return [.. _dependencyDirectories];
            }
        }
    }

    /// <summary>The outputs, each with <c>Link</c>: its path relative to the AssetForge output folder, forward slashes.</summary>
    public IReadOnlyList<ITaskItem> Outputs
    {
        get
        {
            lock (_gate)
            {
                var items = new List<ITaskItem>(_outputPaths.Count);
                foreach (var path in _outputPaths)
                {
                    var link = RelativeToOutput(path);

                    var item = new TaskItem(path);
                    item.SetMetadata("Link", link.Replace('\\', '/'));
                    items.Add(item);
                }

                return items;
            }
        }
    }

    public void OnOutputLine(string? line)
    {
        if (line is null || line.Trim().Length == 0)
        {
            return;
        }

        if (!line.StartsWith("{", StringComparison.Ordinal))
        {
            _log.LogMessage(MessageImportance.Low, line);
            return;
        }

        Dictionary<string, object?> root;
        try
        {
            root = JsonLine.ParseObject(line);
        }
        catch (FormatException)
        {
            _log.LogMessage(MessageImportance.Low, line);
            return;
        }

        switch (JsonLine.String(root, "type"))
        {
            case "diagnostic":
                OnDiagnostic(root);
                break;
            case "asset":
                OnAsset(root);
                break;
            case "inputs":
                OnInputs(root);
                break;
            case "summary":
                OnSummary(root);
                break;
            default:
                _log.LogMessage(MessageImportance.Low, line);
                break;
        }
    }

    public void OnErrorLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        // Logs; shown with -v:detailed, and quoted if the CLI fails without saying why on stdout.
        _log.LogMessage(MessageImportance.Low, line);
        lock (_gate)
        {
            _errorTail.Enqueue(line);
            if (_errorTail.Count > ErrorTailLines)
            {
                _errorTail.Dequeue();
            }
        }
    }

    public string ErrorTail()
    {
        lock (_gate)
        {
            return _errorTail.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _errorTail);
        }
    }

    private static string? String(Dictionary<string, object?> values, string name) => JsonLine.String(values, name);

    private static int Int(Dictionary<string, object?> values, string name) => JsonLine.Int(values, name);

    // The output's path under the AssetForge output folder; its file name when it lies elsewhere.
    private string RelativeToOutput(string path)
    {
        if (_outputDirectory is not null)
        {
            var folder = _outputDirectory.TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
            var full = Path.GetFullPath(path);
            if (full.StartsWith(folder, Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return full.Substring(folder.Length);
            }
        }

        return Path.GetFileName(path);
    }

    private void OnDiagnostic(Dictionary<string, object?> root)
    {
        var code = String(root, "code");
        var message = String(root, "message") ?? string.Empty;
        var file = String(root, "file");
        var line = Int(root, "line");
        var column = Int(root, "column");
        switch (String(root, "severity"))
        {
            case "error":
                _log.LogError(null, code, null, file, line, column, 0, 0, message);
                break;
            case "warning":
                _log.LogWarning(null, code, null, file, line, column, 0, 0, message);
                break;
            default:
                _log.LogMessage(null, code, null, file, line, column, 0, 0, MessageImportance.Normal, message);
                break;
        }
    }

    private void OnAsset(Dictionary<string, object?> root)
    {
        var id = String(root, "id");
        var output = String(root, "output");
        var outcome = String(root, "outcome");
        switch (outcome)
        {
            case "generated":
            case "fromCache":
            case "upToDate":
                if (output is not null)
                {
                    lock (_gate)
                    {
                        _outputPaths.Add(output);
                    }
                }

                var importance = outcome == "upToDate" ? MessageImportance.Normal : MessageImportance.High;
                var verb = outcome switch
                {
                    "generated" => "generated",
                    "fromCache" => "from cache",
                    _ => "up to date",
                };
                _log.LogMessage(importance, $"AssetForge: {verb} {id} -> {output}");
                break;
            case "failed":
                _log.LogMessage(MessageImportance.High, $"AssetForge: failed {id}");
                break;
            default:
                _log.LogMessage(MessageImportance.Normal, $"AssetForge: {outcome} {id}");
                break;
        }
    }

    private void OnInputs(Dictionary<string, object?> root)
    {
        lock (_gate)
        {
            _outputDirectory = String(root, "output");
            _dependencyDirectories.AddRange(JsonLine.Strings(root, "pluginDirectories"));
            _dependencyDirectories.AddRange(JsonLine.Strings(root, "modelDirectories"));
        }
    }

    private void OnSummary(Dictionary<string, object?> root) =>
        Summary = $"{Int(root, "generated")} generated, {Int(root, "fromCache")} from cache, {Int(root, "upToDate")} up to date, {Int(root, "failed")} failed in {Int(root, "elapsedMs")} ms";
}
