namespace AssetForge.Core.Specs;

/// <summary>
/// Finds a project's spec files: every file under the project folder that a <c>specs:</c> glob
/// matches, except assetforge.yaml itself, hidden files and folders (names starting with '.'),
/// the output and cache folders, and symbolic links to folders (which could loop). The result is
/// sorted by relative path (ordinal), so diagnostics and asset order never depend on the file system.
/// </summary>
internal static class SpecFileFinder
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        ReturnSpecialDirectories = false,
    };

    /// <summary>The spec files of <paramref name="config"/>'s project, absolute paths.</summary>
    public static List<string> Find(ProjectConfig config, CancellationToken cancellationToken)
    {
        if (config.SpecFiles is { } explicitFiles)
        {
            return FromList(config, explicitFiles);
        }

        var globs = new List<SpecGlob>(config.SpecGlobs.Count);
        foreach (var pattern in config.SpecGlobs)
        {
            // assetforge.yaml's loader already reported invalid globs; a hand-built config just skips them.
            if (SpecGlob.TryParse(pattern, out _) is { } glob)
            {
                globs.Add(glob);
            }
        }

        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(config.ProjectDirectory));
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(config.OutputDirectory));
        var cache = Path.TrimEndingDirectorySeparator(Path.GetFullPath(config.CacheDirectory));
        var found = new List<(string Relative, string Full)>();
        if (globs.Count == 0 || !Directory.Exists(root))
        {
            return [];
        }

        var pending = new Stack<(string Full, string Relative)>();
        pending.Push((root, string.Empty));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (directory, relative) = pending.Pop();
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", Options))
            {
                var name = file.Name;
                if (name.StartsWith('.'))
                {
                    continue;
                }

                if (relative.Length == 0 && (name.Equals(ProjectConfigLoader.FileName, comparison) || name.Equals(ProjectConfigLoader.MisnamedFileName, comparison)))
                {
                    continue;
                }

                var relativePath = relative.Length == 0 ? name : relative + "/" + name;
                foreach (var glob in globs)
                {
                    if (glob.IsMatch(relativePath))
                    {
                        found.Add((relativePath, file.FullName));
                        break;
                    }
                }
            }

            foreach (var subdirectory in new DirectoryInfo(directory).EnumerateDirectories("*", Options))
            {
                if (IsSearched(subdirectory, output, cache, comparison))
                {
                    pending.Push((subdirectory.FullName, relative.Length == 0 ? subdirectory.Name : relative + "/" + subdirectory.Name));
                }
            }
        }

        found.Sort(static (a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        var files = new List<string>(found.Count);
        foreach (var (_, full) in found)
        {
            files.Add(full);
        }

        return files;
    }

    /// <summary>
    /// The folders <see cref="Find"/> walks for <paramref name="config"/>'s globs (the project folder
    /// first): a spec added to or removed from the project changes one of their listings. Empty
    /// for an explicit spec list or a project without globs.
    /// </summary>
    public static List<string> SearchedDirectories(ProjectConfig config)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(config.ProjectDirectory));
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(config.OutputDirectory));
        var cache = Path.TrimEndingDirectorySeparator(Path.GetFullPath(config.CacheDirectory));
        var searched = new List<string>();
        if (config.SpecFiles is not null || config.SpecGlobs.Count == 0 || !Directory.Exists(root))
        {
            return searched;
        }

        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            searched.Add(directory);
            foreach (var subdirectory in new DirectoryInfo(directory).EnumerateDirectories("*", Options))
            {
                if (IsSearched(subdirectory, output, cache, comparison))
                {
                    pending.Push(subdirectory.FullName);
                }
            }
        }

        return searched;
    }

    // Hidden folders, links to folders (which could loop), and the output and cache folders are never searched.
    private static bool IsSearched(DirectoryInfo subdirectory, string output, string cache, StringComparison comparison) =>
        !subdirectory.Name.StartsWith('.')
        && (subdirectory.Attributes & FileAttributes.ReparsePoint) == 0
        && !subdirectory.FullName.Equals(output, comparison)
        && !subdirectory.FullName.Equals(cache, comparison);

    // An explicit list is taken as given (missing files included, so the loader reports them),
    // deduplicated and in the same order a glob search would give.
    private static List<string> FromList(ProjectConfig config, IReadOnlyList<string> files)
    {
        var comparer = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var seen = new HashSet<string>(comparer);
        var found = new List<(string Relative, string Full)>(files.Count);
        foreach (var file in files)
        {
            var full = Path.GetFullPath(file, config.ProjectDirectory);
            if (seen.Add(full))
            {
                found.Add((Path.GetRelativePath(config.ProjectDirectory, full).Replace('\\', '/'), full));
            }
        }

        found.Sort(static (a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        var result = new List<string>(found.Count);
        foreach (var (_, full) in found)
        {
            result.Add(full);
        }

        return result;
    }
}
