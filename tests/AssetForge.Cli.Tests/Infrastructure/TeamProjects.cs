namespace AssetForge.Cli.Tests.Infrastructure;

/// <summary>Projects with several icons, and copies of them standing for other checkouts or machines.</summary>
public static class TeamProjects
{
    /// <summary>A project with <paramref name="count"/> icons, <c>icons/icon{i}</c> → <c>out/icons/icon{i}.png</c>.</summary>
    public static TestProject WithIcons(int count)
    {
        var project = TestProject.Create();
        for (var i = 0; i < count; i++)
        {
            project.Write($"icons/icon{i}.yaml", TestProject.Spec($"icon number {i}, game icon", seed: (ulong)(500 + i), output: $"icons/icon{i}.png"));
        }

        return project;
    }

    /// <summary>The outputs' bytes by relative path.</summary>
    public static SortedDictionary<string, byte[]> Outputs(TestProject project)
    {
        var outputs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var root = project.PathOf("out");
        if (Directory.Exists(root))
        {
            foreach (var file in Directory.GetFiles(root, "*.png", SearchOption.AllDirectories))
            {
                outputs[Path.GetRelativePath(root, file).Replace('\\', '/')] = File.ReadAllBytes(file);
            }
        }

        return outputs;
    }

    /// <summary>Copies what a repository would hold (specs, config, lock file, optionally the committed outputs) into <paramref name="target"/>: no build state, no cache.</summary>
    public static void CopyCheckout(TestProject source, TestProject target, bool withOutputs)
    {
        foreach (var file in Directory.GetFiles(source.Directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source.Directory, file).Replace('\\', '/');
            if (relative.StartsWith(".assetforge/", StringComparison.Ordinal) || (!withOutputs && relative.StartsWith("out/", StringComparison.Ordinal)))
            {
                continue;
            }

            var destination = target.PathOf(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    /// <summary>Runs <c>assetforge cache sub project-dir args</c>.</summary>
    public static Task<CliResult> CacheAsync(this TestProject project, string sub, params string[] args) =>
        Cli.RunAsync(project.Directory, ["cache", sub, project.Directory, .. args]);
}
