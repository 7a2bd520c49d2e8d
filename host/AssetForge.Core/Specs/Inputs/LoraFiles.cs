namespace AssetForge.Core.Specs.Inputs;

using AssetForge.Abstractions.Models;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.NoOp;

/// <summary>
/// Where the files of a <c>loras:</c> list are. In a spec they follow init_image's rules: next to
/// the spec first, then from the project root, and only inside the project (<see cref="ProjectPath"/>);
/// in assetforge.yaml's <c>defaults:</c> they are relative to the project, like that file's other paths.
/// Each must be a regular file: a LoRA is hashed and memory-mapped whole, so a pipe or a device
/// would hang or fail late, in the middle of a build.
/// </summary>
internal static class LoraFiles
{
    /// <summary>The LoRAs with absolute paths, in the order written, or null after reporting each unusable file.</summary>
    /// <param name="written">The list as written.</param>
    /// <param name="specFile">The spec that writes it, or null for <c>defaults:</c>.</param>
    /// <param name="projectDirectory">The project folder.</param>
    /// <param name="diagnostics">Receives the errors.</param>
    public static IReadOnlyList<CheckpointLora>? Resolve(IReadOnlyList<WrittenLora> written, string? specFile, string projectDirectory, List<Diagnostic> diagnostics)
    {
        var loras = new List<CheckpointLora>(written.Count);
        var ok = true;
        foreach (var lora in written)
        {
            var file = lora.File.Replace('\\', '/');
            var candidates = specFile is null
                ? [Path.GetFullPath(file, projectDirectory)]
                : Array.FindAll(
                    [Path.GetFullPath(file, Path.GetDirectoryName(Path.GetFullPath(specFile))!), Path.GetFullPath(file, projectDirectory)],
                    candidate => ProjectPath.IsInside(candidate, projectDirectory));
            if (candidates.Length == 0)
            {
                diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.PathOutsideProject,
                    $"The LoRA '{lora.File}' is outside the project folder {projectDirectory}; spec paths must stay inside it (copy the LoRA into the project).",
                    lora.Location));
                ok = false;
                continue;
            }

            foreach (var candidate in candidates)
            {
                // The first that exists wins: one appearing before it would change the key.
                InputFileLog.NoteFile(candidate);
            }

            var found = Array.Find(candidates, File.Exists);
            if (found is null)
            {
                var folder = Array.Find(candidates, Directory.Exists);
                var what = folder is not null ? $"is a folder ({folder}), not a .safetensors file" : $"does not exist (looked for {string.Join(" and ", candidates.Distinct(StringComparer.Ordinal))})";
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.LoraFileUnusable, $"The LoRA '{lora.File}' {what}.", lora.Location));
                ok = false;
                continue;
            }

            if (ProblemWith(found) is { } problem)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.LoraFileUnusable, $"The LoRA '{lora.File}' cannot be used: {problem}.", lora.Location));
                ok = false;
                continue;
            }

            loras.Add(new CheckpointLora(found, lora.Scale));
        }

        return ok ? loras : null;
    }

    private static string? ProblemWith(string path)
    {
        try
        {
            // A pipe or a device reports length 0: checking that first means never opening one (which could block).
            if (new FileInfo(path).Length == 0)
            {
                return "it is empty, or not a regular file (a pipe or a device)";
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            return stream.CanSeek ? null : "it is not a regular file (a pipe or a device)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
