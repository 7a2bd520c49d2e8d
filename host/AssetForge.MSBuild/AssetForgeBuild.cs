namespace AssetForge.MSBuild;

using System.Diagnostics;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MSBuildTask = Microsoft.Build.Utilities.Task;

/// <summary>
/// Builds an AssetForge project inside MSBuild: runs the packaged <c>assetforge</c> CLI
/// (<c>assetforge build --format jsonl</c>) and turns what it reports into MSBuild errors,
/// warnings, messages and output items.
/// </summary>
/// <remarks>
/// <para><b>Why out of process.</b> The engine loads ONNX Runtime's native library and every
/// plugin (each in its own McMaster load context). MSBuild keeps its worker nodes alive between
/// builds (node reuse) and never unloads a task's assemblies: an engine loaded in-process would keep
/// the native library and plugin files open (locked on Windows, so the next package restore or
/// plugin build fails), keep a model's memory until the node dies, and meet itself again on the next
/// build with another package version, where types from two copies of AssetForge.Abstractions clash.
/// An own AssemblyLoadContext (NUKE's ContextAwareTask pattern) solves the type identity but not the
/// native library, which a process cannot unload. A child process that exits after each build
/// leaves nothing behind, is isolated from MSBuild's own dependency versions (Microsoft.Extensions.*,
/// System.CommandLine), and costs about the start of one .NET process — paid only when the target is
/// out of date, which the props/targets' Inputs/Outputs make rare. This assembly references nothing
/// but MSBuild and the BCL, so the node loads only it.</para>
/// <para>Cancellation (Ctrl+C in <c>dotnet build</c>) kills the child; the engine writes outputs,
/// cache entries and its state by atomic rename, so nothing half-written remains.</para>
/// </remarks>
public sealed class AssetForgeBuild : MSBuildTask, ICancelableTask
{
    private const string ConfigFileName = "assetforge.yaml";

    private readonly object _gate = new();
    private Process? _process;
    private bool _cancelled;

    /// <summary>The AssetForge project folder (the one with <c>assetforge.yaml</c>).</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The spec files to build (the <c>AssetSpec</c> items); they replace the config's <c>specs:</c> globs.</summary>
    [Required]
    public ITaskItem[] SpecFiles { get; set; } = [];

    /// <summary>The <c>assetforge.dll</c> to run.</summary>
    [Required]
    public string CliPath { get; set; } = string.Empty;

    /// <summary>The <c>dotnet</c> executable; default: the one running MSBuild (<c>DOTNET_HOST_PATH</c>), else <c>dotnet</c> on the PATH.</summary>
    public string? DotnetHostPath { get; set; }

    /// <summary>Where the list of spec files is written for the CLI (<c>--specs-from</c>).</summary>
    [Required]
    public string SpecListFile { get; set; } = string.Empty;

    /// <summary>Where the outputs of this build are recorded: one line per output, <c>absolute path|path relative to the output folder</c>.</summary>
    [Required]
    public string OutputsFile { get; set; } = string.Empty;

    /// <summary>Where the files the build depends on besides specs and config (plugin and model files) are recorded, one per line.</summary>
    [Required]
    public string DependenciesFile { get; set; } = string.Empty;

    /// <summary>False: never generate, a cache miss is an error (machines that only consume a shared cache).</summary>
    public bool Generate { get; set; } = true;

    /// <summary><c>auto</c>, <c>cpu</c>, <c>dml</c> or <c>cuda</c>; empty: the config's choice.</summary>
    public string? ExecutionProvider { get; set; }

    /// <summary>How many assets the engine materialises at once; 0: its default (the number of cores).</summary>
    public int Jobs { get; set; }

    /// <summary>Every output of the build (generated, served from the cache or already current), with <c>Link</c> metadata: the path relative to the output folder.</summary>
    [Output]
    public ITaskItem[] Outputs { get; private set; } = [];

    /// <inheritdoc />
    public void Cancel()
    {
        lock (_gate)
        {
            _cancelled = true;
            try
            {
                // The child is `dotnet exec assetforge.dll` itself (no grandchildren): killing it is enough.
                _process?.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
        }
    }

    /// <inheritdoc />
    public override bool Execute()
    {
        if (!File.Exists(CliPath))
        {
            Log.LogError(null, "AF0100", null, null, 0, 0, 0, 0, $"The assetforge CLI is missing at '{CliPath}'; the AssetForge.MSBuild package looks incomplete, restore it again.");
            return false;
        }

        // Without this check the CLI was started in a folder that does not exist, and MSBuild's
        // MSB4018 stack trace ("error trying to start process dotnet") read as if dotnet were missing.
        var config = Path.Combine(Path.GetFullPath(ProjectDirectory), ConfigFileName);
        if (!File.Exists(config))
        {
            Log.LogError(
                null,
                "AF0004",
                null,
                config,
                0,
                0,
                0,
                0,
                $"No AssetForge project: '{config}' does not exist. Run 'assetforge init {Path.GetFullPath(ProjectDirectory)}' to create one, set AssetForgeConfigFile to your project's assetforge.yaml, or set AssetForgeEnabled to false to build without AssetForge.");
            return false;
        }

        WriteSpecList();
        var run = new CliRun(Log, Path.GetFullPath(ProjectDirectory));
        var exitCode = RunCli(run);
        if (exitCode is null)
        {
            return false;
        }

        Outputs = [.. run.Outputs];
        WriteLines(OutputsFile, run.Outputs.Select(o => $"{o.ItemSpec}|{o.GetMetadata("Link")}"));
        WriteLines(DependenciesFile, DependencyFiles(run));

        if (run.Summary is { } summary)
        {
            Log.LogMessage(MessageImportance.High, $"AssetForge: {summary}");
        }

        if (exitCode != 0 && !Log.HasLoggedErrors)
        {
            Log.LogError(null, "AF0101", null, null, 0, 0, 0, 0, $"assetforge exited with code {exitCode}: {run.ErrorTail()}");
        }

        return exitCode == 0 && !Log.HasLoggedErrors;
    }

    private static IEnumerable<string> DependencyFiles(CliRun run)
    {
        var files = new List<string>();
        foreach (var directory in run.DependencyDirectories)
        {
            if (Directory.Exists(directory))
            {
                files.AddRange(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories));
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static void WriteLines(string path, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllLines(temp, lines, new UTF8Encoding(false));
        if (File.Exists(path))
        {
            File.Replace(temp, path, null);
        }
        else
        {
            File.Move(temp, path);
        }
    }

    private void WriteSpecList() =>
        WriteLines(SpecListFile, SpecFiles.Select(spec => spec.GetMetadata("FullPath")));

    private int? RunCli(CliRun run)
    {
        var start = new ProcessStartInfo(ResolveDotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = run.ProjectDirectory,
        };
        // ProcessStartInfo.ArgumentList is not in netstandard2.0: one command line, quoted as the
        // .NET runtime splits it (CommandLineToArgvW rules) on every OS.
        var arguments = new List<string> { "exec", Path.GetFullPath(CliPath) };
        arguments.AddRange(Arguments(run.ProjectDirectory));
        start.Arguments = CommandLine.Join(arguments);

        // The CLI decides plain vs. live output from the terminal; a child of MSBuild never has one.
        start.Environment["CI"] = "true";
        Log.LogMessage(MessageImportance.Low, $"{start.FileName} {start.Arguments}");

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => run.OnOutputLine(e.Data);
        process.ErrorDataReceived += (_, e) => run.OnErrorLine(e.Data);
        lock (_gate)
        {
            if (_cancelled)
            {
                return null;
            }

            process.Start();
            _process = process;
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        lock (_gate)
        {
            _process = null;
            if (_cancelled)
            {
                Log.LogWarning("AssetForge: cancelled; finished assets are kept, the rest build next time.");
                return null;
            }
        }

        return process.ExitCode;
    }

    private List<string> Arguments(string projectDirectory)
    {
        var arguments = new List<string> { "build", projectDirectory, "--format", "jsonl", "--specs-from", Path.GetFullPath(SpecListFile), "--verbosity", "minimal" };
        if (!Generate)
        {
            arguments.Add("--no-generate");
        }

        // Pattern checks: netstandard2.0's string.IsNullOrWhiteSpace has no nullability annotations.
        if (ExecutionProvider is { } provider && provider.Trim().Length > 0)
        {
            arguments.Add("--execution-provider");
            arguments.Add(provider.Trim());
        }

        if (Jobs > 0)
        {
            arguments.Add("--jobs");
            arguments.Add(Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return arguments;
    }

    private string ResolveDotnet()
    {
        if (DotnetHostPath is { Length: > 0 } configured)
        {
            return configured;
        }

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrEmpty(host) ? "dotnet" : host;
    }
}
