namespace AssetForge.Cli.Verbs;

using System.Text;
using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Cli.Scaffolding;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;
using Microsoft.Extensions.Options;

/// <summary>
/// <c>assetforge init [project-dir]</c>: makes a folder a project by writing a commented
/// assetforge.yaml and one sample spec. Never overwrites: a folder that is already a project is
/// bad usage, and an existing file at the sample spec's path is kept.
/// </summary>
public sealed class InitVerb
{
    private readonly CliConsole _console;
    private readonly OutputOptions _output;

    /// <summary>Creates the verb.</summary>
    public InitVerb(CliConsole console, IOptions<OutputOptions> output)
    {
        _console = console;
        _output = output.Value;
    }

    /// <summary>Writes the project files and returns the exit code.</summary>
    public int Run(string projectDirectory)
    {
        var diagnostics = new DiagnosticWriter(_console.Error, _output.Verbosity);
        var project = Path.GetFullPath(string.IsNullOrEmpty(projectDirectory) ? "." : projectDirectory);
        var config = Path.Combine(project, ProjectConfigLoader.FileName);
        foreach (var existing in new[] { config, Path.Combine(project, ProjectConfigLoader.MisnamedFileName) })
        {
            if (File.Exists(existing))
            {
                diagnostics.Write(Diagnostic.Error(CliDiagnosticCodes.InitFailed, $"'{project}' is already an AssetForge project ({existing} exists); nothing was changed.", SourceLocation.FileOnly(existing)));
                return ExitCodes.BadUsage;
            }
        }

        var spec = Path.Combine(project, ProjectTemplate.SampleSpecPath.Replace('/', Path.DirectorySeparatorChar));
        var writeSpec = !File.Exists(spec);
        try
        {
            Directory.CreateDirectory(project);
            if (writeSpec)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(spec)!);
                AtomicFile.Write(spec, Encoding.UTF8.GetBytes(ProjectTemplate.SampleSpec.ReplaceLineEndings("\n")));
            }

            // Editors read these through the files' `# yaml-language-server: $schema=` lines.
            SchemaVerb.Write(Path.Combine(project, ProjectTemplate.SchemaDirectory));

            // The config last: a folder only becomes a project once everything else is in place.
            AtomicFile.Write(config, Encoding.UTF8.GetBytes(ProjectTemplate.Config.ReplaceLineEndings("\n")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Write(Diagnostic.Error(CliDiagnosticCodes.InitFailed, $"Could not write the project files in '{project}': {e.Message}"));
            return ExitCodes.Failed;
        }

        if (_output.Verbosity >= Verbosity.Minimal)
        {
            _console.Out.WriteLine($"created {config}");
            _console.Out.WriteLine(writeSpec ? $"created {spec}" : $"kept {spec} (it already exists)");
            _console.Out.WriteLine($"next: assetforge build{DisplayArgument(projectDirectory)}");
        }

        return ExitCodes.Success;
    }

    private static string DisplayArgument(string projectDirectory) =>
        string.IsNullOrEmpty(projectDirectory) || projectDirectory == "." ? string.Empty : " " + projectDirectory;
}
