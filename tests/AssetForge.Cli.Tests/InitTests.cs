namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary><c>assetforge init</c> makes a folder a project that builds as it is, and never overwrites one.</summary>
public sealed class InitTests
{
    [Test]
    [Category("Slow")]
    public async Task An_initialised_folder_builds_its_sample_spec()
    {
        using var folder = TestProject.Create();
        File.Delete(folder.PathOf("assetforge.yaml"));

        var init = await folder.RunAsync("init");
        var build = await folder.RunAsync("build");

        Assert.That(init.ExitCode, Is.EqualTo(0), init.StandardError);
        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(File.Exists(folder.OutputOf("props/crate.png")), Is.True);
    }

    [Test]
    public async Task Init_creates_a_missing_folder_with_a_commented_config_and_one_spec()
    {
        using var parent = TestProject.Create();
        var target = parent.PathOf("game/art");

        var result = await Cli.RunAsync(parent.Directory, "init", target);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
        Assert.That(File.ReadAllText(Path.Combine(target, "assetforge.yaml")), Does.StartWith("#").And.Contain("defaults:"));
        Assert.That(Directory.GetFiles(target, "*.yaml", SearchOption.AllDirectories), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task Init_writes_the_json_schemas_its_files_name_on_their_first_line()
    {
        using var parent = TestProject.Create();
        var target = parent.PathOf("art");

        await Cli.RunAsync(parent.Directory, "init", target);

        foreach (var file in Directory.GetFiles(target, "*.yaml", SearchOption.AllDirectories))
        {
            var first = File.ReadLines(file).First();
            Assert.That(first, Does.StartWith("# yaml-language-server: $schema="), file);
            var schema = Path.GetFullPath(first["# yaml-language-server: $schema=".Length..], Path.GetDirectoryName(file)!);
            Assert.That(File.ReadAllText(schema), Does.Contain("\"$schema\": \"http://json-schema.org/draft-07/schema#\""), schema);
        }
    }

    [Test]
    public async Task Init_in_a_project_is_bad_usage_and_changes_nothing()
    {
        using var project = TestProject.Create();
        project.Write("assetforge.yaml", "output: mine\n");

        var result = await project.RunAsync("init");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.ErrorLines, Has.Some.Contains("error AF0005"));
        Assert.That(File.ReadAllText(project.PathOf("assetforge.yaml")), Is.EqualTo("output: mine\n"));
        Assert.That(Directory.Exists(project.PathOf("props")), Is.False);
    }

    [Test]
    public async Task Init_keeps_an_existing_file_at_the_sample_specs_path()
    {
        using var folder = TestProject.Create();
        File.Delete(folder.PathOf("assetforge.yaml"));
        folder.Write("props/crate.yaml", "output: props/mine.png\nprompt: mine\nseed: 1\n");

        var result = await folder.RunAsync("init");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(folder.PathOf("props/crate.yaml")), Does.Contain("mine"));
    }
}
