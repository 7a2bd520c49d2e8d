namespace AssetForge.Core.Plugins;

using AssetForge.Abstractions.PostProcessing;
using AssetForge.Core.NoOp;

/// <summary>Reads the files that post steps' parameters name (contract 1.2), so their content is what the key covers.</summary>
internal static class PostStepFiles
{
    // Palettes and the like are small; a larger file is a mistake (a PNG named as a palette), not data.
    private const long MaxBytes = 256 * 1024;

    /// <summary>
    /// <paramref name="written"/> with every parameter that names a file replaced by the file's text,
    /// the path taken relative to the folder of <paramref name="specPath"/>.
    /// </summary>
    /// <exception cref="PostStepParameterException">A named file is missing, too large or unreadable.</exception>
    public static PostStepParameters WithContents(IPostStep step, PostStepParameters written, string specPath)
    {
        if (step is not IFileParameterPostStep reader)
        {
            return written;
        }

        var values = new List<KeyValuePair<string, string>>(written.Values.Count);
        foreach (var (name, value) in written.Values)
        {
            values.Add(new(name, reader.NamesFile(name, value) ? Read(name, value, specPath) : value));
        }

        return new PostStepParameters(values);
    }

    private static string Read(string parameter, string relative, string specPath)
    {
        var path = Path.GetFullPath(relative, Path.GetDirectoryName(Path.GetFullPath(specPath)) ?? ".");
        InputFileLog.NoteFile(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new PostStepParameterException(parameter, $"'{parameter}' names the file '{relative}', which does not exist (looked for {path}).");
            }

            if (info.Length > MaxBytes)
            {
                throw new PostStepParameterException(parameter, $"'{parameter}' names the file '{relative}', which is {info.Length} bytes; at most {MaxBytes} are read.");
            }

            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PostStepParameterException(parameter, $"'{parameter}' names the file '{relative}', which cannot be read: {e.Message}");
        }
    }
}
