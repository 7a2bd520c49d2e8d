namespace AssetForge.Cli.Verbs;

using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Diagnostics;

/// <summary>Resolves the <c>[project-dir]</c> argument every verb takes.</summary>
public static class ProjectDirectory
{
    /// <summary>
    /// The absolute project folder, or null (with a diagnostic written) when it does not exist:
    /// a mistyped path is bad usage, not an empty project.
    /// </summary>
    public static string? Resolve(string path, DiagnosticWriter diagnostics)
    {
        var full = Path.GetFullPath(string.IsNullOrEmpty(path) ? "." : path);
        if (Directory.Exists(full))
        {
            return full;
        }

        diagnostics.Write(Diagnostic.Error(CliDiagnosticCodes.ProjectNotFound, $"The project folder '{path}' does not exist."));
        return null;
    }
}
