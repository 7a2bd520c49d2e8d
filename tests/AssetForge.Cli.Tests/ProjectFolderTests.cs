namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>A project is a folder with assetforge.yaml: elsewhere the CLI writes nothing and says how to make one.</summary>
public sealed class ProjectFolderTests
{
    [TestCase("build")]
    [TestCase("status")]
    [TestCase("clean")]
    public async Task A_folder_without_assetforge_yaml_is_bad_usage_and_nothing_is_written(string verb)
    {
        using var folder = TestProject.Create();
        File.Delete(folder.PathOf("assetforge.yaml"));
        folder.Write("ci.yml", "on: push\njobs: {}\n");
        folder.Write("k8s/pod.yaml", "apiVersion: v1\nkind: Pod\n");
        var before = Listing(folder.Directory);

        var result = await folder.RunAsync(verb);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
        Assert.That(result.ErrorLines[0], Does.StartWith("assetforge: error AF0004: ")
            .And.Contain(Path.Combine(folder.Directory, "assetforge.yaml"))
            .And.Contain("assetforge init"));
        Assert.That(Listing(folder.Directory), Is.EqualTo(before));
    }

    [Test]
    public async Task Building_the_folder_above_a_project_names_the_project_folder()
    {
        using var root = TestProject.Create();
        File.Delete(root.PathOf("assetforge.yaml"));
        root.Write("assetspecs/assetforge.yaml", TestProject.Config);

        var result = await root.RunAsync("build");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.StandardError, Does.Contain("'assetspecs'"));
    }

    [Test]
    public async Task A_misnamed_assetforge_yml_gets_the_rename_error_not_the_init_hint()
    {
        using var project = TestProject.Create();
        File.Move(project.PathOf("assetforge.yaml"), project.PathOf("assetforge.yml"));

        var result = await project.RunAsync("build");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.StandardError, Does.Contain("AF1301").And.Not.Contain("AF0004"));
    }

    [Test]
    public async Task Jsonl_build_outside_a_project_reports_the_diagnostic_as_json()
    {
        using var folder = TestProject.Create();
        File.Delete(folder.PathOf("assetforge.yaml"));

        var result = await folder.RunAsync("build", "--format", "jsonl");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.OutputLines, Has.Some.Contains("\"AF0004\""));
    }

    private static string[] Listing(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
