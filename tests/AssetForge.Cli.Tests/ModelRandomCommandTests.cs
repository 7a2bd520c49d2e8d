namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>
/// <c>assetforge model random</c>'s command line. What it writes (layout, determinism, that the
/// tool compiles and runs it) is tested in the plugin on tiny architectures; an SD 1.5-sized
/// write is 4.1 GB, measured by hand (see the README), not in CI.
/// </summary>
public sealed class ModelRandomCommandTests
{
    [Test]
    public async Task An_unknown_architecture_is_a_usage_error_naming_the_ones_there_are()
    {
        using var project = TestProject.Create();

        var result = await Cli.RunAsync(project.Directory, "model", "random", "--like", "sd9", project.PathOf("random"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.StandardError, Does.Contain("error AF0001: --like 'sd9' is not an architecture it writes; use one of: sd15, sd21."));
        Assert.That(Directory.Exists(project.PathOf("random")), Is.False);
    }

    [Test]
    public async Task A_folder_that_is_not_empty_is_refused_and_left_as_it_is()
    {
        using var project = TestProject.Create();
        project.Write("random/notes.txt", "mine");

        var result = await Cli.RunAsync(project.Directory, "model", "random", "--like", "sd15", project.PathOf("random"));

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardError, Does.Contain("error AF3203:").And.Contain("the folder is not empty"));
        Assert.That(Directory.GetFileSystemEntries(project.PathOf("random")), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Without_like_the_command_says_it_is_required()
    {
        using var project = TestProject.Create();

        var result = await Cli.RunAsync(project.Directory, "model", "random", project.PathOf("random"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.StandardError, Does.Contain("--like"));
    }
}
