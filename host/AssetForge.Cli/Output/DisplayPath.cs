namespace AssetForge.Cli.Output;

/// <summary>Shortens absolute paths for display: relative to the current folder when inside it.</summary>
public static class DisplayPath
{
    /// <summary>The path as a user in the current folder would type it.</summary>
    public static string Of(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return string.Empty;
        }

        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
