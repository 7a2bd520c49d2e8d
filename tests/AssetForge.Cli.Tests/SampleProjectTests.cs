namespace AssetForge.Cli.Tests;

using System.Reflection;
using AssetForge.Cli.Tests.Infrastructure;

/// <summary>The repository's sample project (assetspecs/) builds on a fresh machine, as the README promises.</summary>
[Category("Slow")]
public sealed class SampleProjectTests
{
    private static string SampleDirectory =>
        Path.Combine(
            typeof(SampleProjectTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
            "assetspecs");

    [Test]
    public async Task The_sample_project_builds_every_asset_without_errors()
    {
        using var project = TestProject.Create();
        CopySources(SampleDirectory, project.Directory);

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.Summary.Generated, Is.GreaterThanOrEqualTo(6));
        Assert.That(build.Summary.Failed, Is.EqualTo(0));
        Assert.That(Directory.GetFiles(project.OutputOf("."), "*", SearchOption.AllDirectories), Has.Length.EqualTo(build.Summary.Generated + build.Summary.FromCache)); // generated PNGs, plus the contact sheet, the icon sheet and its JSON map drawn from them
    }

    // Specs and config only: a developer's local out/ and cache must not leak into the test.
    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "out" or ".assetforge")
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
