namespace AssetForge.MSBuild;

using System.Text.Json;
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
    private readonly Lock _gate = new();
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
                    var link = _outputDirectory is null ? Path.GetFileName(path) : Path.GetRelativePath(_outputDirectory, path);
                    if (link.StartsWith("..", StringComparison.Ordinal))
                    {
                        link = Path.GetFileName(path);
                    }

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
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        if (!line.StartsWith('{'))
        {
            _log.LogMessage(MessageImportance.Low, line);
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            switch (String(root, "type"))
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
        catch (JsonException)
        {
            _log.LogMessage(MessageImportance.Low, line);
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

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private void OnDiagnostic(JsonElement root)
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

    private void OnAsset(JsonElement root)
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

    private void OnInputs(JsonElement root)
    {
        lock (_gate)
        {
            _outputDirectory = String(root, "output");
            foreach (var name in (ReadOnlySpan<string>)["pluginDirectories", "modelDirectories"])
            {
                if (root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
                {
                    foreach (var directory in array.EnumerateArray())
                    {
                        if (directory.GetString() is { } path)
                        {
                            _dependencyDirectories.Add(path);
                        }
                    }
                }
            }
        }
    }

    private void OnSummary(JsonElement root) =>
        Summary = $"{Int(root, "generated")} generated, {Int(root, "fromCache")} from cache, {Int(root, "upToDate")} up to date, {Int(root, "failed")} failed in {Int(root, "elapsedMs")} ms";
}
