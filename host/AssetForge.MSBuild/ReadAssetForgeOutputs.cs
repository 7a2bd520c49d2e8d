namespace AssetForge.MSBuild;

using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MSBuildTask = Microsoft.Build.Utilities.Task;

/// <summary>
/// Reads the outputs file that <see cref="AssetForgeBuild"/> wrote on its last run, so the outputs
/// become items (copied to bin/) on every build, including the ones that skip generation.
/// </summary>
public sealed class ReadAssetForgeOutputs : MSBuildTask
{
    /// <summary>The outputs file (<c>absolute path|link</c> per line); a missing file gives no outputs.</summary>
    [Required]
    public string OutputsFile { get; set; } = string.Empty;

    /// <summary>The outputs, each with <c>Link</c> (its path relative to the AssetForge output folder).</summary>
    [Output]
    public ITaskItem[] Outputs { get; private set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        if (!File.Exists(OutputsFile))
        {
            return true;
        }

        var items = new List<ITaskItem>();
        foreach (var line in File.ReadLines(OutputsFile))
        {
            var separator = line.LastIndexOf('|');
            if (separator <= 0)
            {
                continue;
            }

            var item = new TaskItem(line.Substring(0, separator));
            item.SetMetadata("Link", line.Substring(separator + 1));
            items.Add(item);
        }

        Outputs = [.. items];
        return true;
    }
}
