namespace AssetForge.Cli.Verbs;

using AssetForge.Cli.CommandLine;
using AssetForge.Cli.Output;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;

/// <summary>Resolves the <c>[project-dir]</c> argument every verb takes.</summary>
public static class ProjectDirectory
{
    /// <summary>
    /// The absolute folder, or null (with a diagnostic written) when it does not exist: a
    /// mistyped path is bad usage, not an empty project. For verbs that only list what is
    /// installed (plugins, schedulers) and work outside a project too.
    /// </summary>
    public static string? Resolve(string path, DiagnosticWriter diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return Resolve(path, diagnostics.Write);
    }

    /// <inheritdoc cref="Resolve(string, DiagnosticWriter)"/>
    public static string? Resolve(string path, Action<Diagnostic> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var full = Path.GetFullPath(string.IsNullOrEmpty(path) ? "." : path);
        if (Directory.Exists(full))
        {
            return full;
        }

        report(Diagnostic.Error(CliDiagnosticCodes.ProjectNotFound, $"The project folder '{path}' does not exist."));
        return null;
    }

    /// <summary>
    /// The absolute project folder, or null (with a diagnostic written) when the folder does not
    /// exist or holds no assetforge.yaml. A project is a folder with assetforge.yaml: without this
    /// check, `assetforge build` in the wrong folder read every YAML file there (CI configs,
    /// Kubernetes manifests) as a spec and wrote outputs, a cache and a lock file beside them.
    /// </summary>
    public static string? ResolveProject(string path, DiagnosticWriter diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return ResolveProject(path, diagnostics.Write);
    }

    /// <inheritdoc cref="ResolveProject(string, DiagnosticWriter)"/>
    public static string? ResolveProject(string path, Action<Diagnostic> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (Resolve(path, report) is not { } full)
        {
            return null;
        }

        // A misnamed assetforge.yml gets the config loader's own error (AF1301), which says to rename it.
        if (File.Exists(Path.Combine(full, ProjectConfigLoader.FileName)) || File.Exists(Path.Combine(full, ProjectConfigLoader.MisnamedFileName)))
        {
            return full;
        }

        report(Diagnostic.Error(CliDiagnosticCodes.ProjectConfigNotFound, NotAProjectMessage(full)));
        return null;
    }

    private static string NotAProjectMessage(string folder)
    {
        var looked = Path.Combine(folder, ProjectConfigLoader.FileName);
        var nearby = ProjectsBelow(folder);
        var next = nearby.Count switch
        {
            0 => "Pass the project folder (e.g. 'assetforge build path/to/project'), or run 'assetforge init' to make this folder a project.",
            1 => $"Its subfolder '{nearby[0]}' has one: pass that as the project folder, or run 'assetforge init' to make this folder a project.",
            _ => $"Its subfolders {string.Join(", ", nearby)} have one: pass one of them as the project folder, or run 'assetforge init' to make this folder a project.",
        };
        return $"'{folder}' is not an AssetForge project: there is no {looked}. {next} Nothing was written.";
    }

    // Only the folder's direct subfolders: cheap, and enough for "ran it at the repository root".
    private static List<string> ProjectsBelow(string folder)
    {
        var found = new List<string>();
        try
        {
            foreach (var child in Directory.EnumerateDirectories(folder))
            {
                if (File.Exists(Path.Combine(child, ProjectConfigLoader.FileName)))
                {
                    found.Add(Path.GetFileName(child));
                    if (found.Count == 5)
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The hint is a courtesy; the error stands without it.
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
