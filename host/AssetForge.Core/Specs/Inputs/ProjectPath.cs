namespace AssetForge.Core.Specs.Inputs;

/// <summary>
/// The one rule for paths that specs and the command line name (<c>init_image:</c>, the entries of
/// <c>--specs-from</c>, like the <c>specs:</c> globs and outputs): after resolving <c>.</c> and
/// <c>..</c>, they must lie inside the project folder, so that a spec cannot make a build read
/// <c>/etc/passwd</c> or another user's files. Symbolic links inside the project are followed: a
/// link is put there by whoever controls the checkout. Paths in assetforge.yaml (models, plugins,
/// cache, output) may point anywhere: that file is the project's own, reviewed configuration.
/// </summary>
public static class ProjectPath
{
    /// <summary>Whether the absolute <paramref name="fullPath"/> lies inside <paramref name="projectDirectory"/>.</summary>
    public static bool IsInside(string fullPath, string projectDirectory)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        ArgumentNullException.ThrowIfNull(projectDirectory);
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectDirectory)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(fullPath).StartsWith(root, comparison);
    }
}
