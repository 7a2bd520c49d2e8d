namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>The build as a compiler: generate once, then only what changed.</summary>
[Category("Slow")]
public sealed class IncrementalBuildTests
{
    [Test]
    public async Task First_build_writes_a_png_of_the_spec_size_for_every_asset()
    {
        using var project = TestProject.CreateWithTwoIcons();

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 2, FromCache: 0, UpToDate: 0, Failed: 0)));
        Png.AssertImage(project.OutputOf("icons/potion_red.png"), 64, 64);
        Png.AssertImage(project.OutputOf("icons/potion_blue.png"), 64, 64);
    }

    [Test]
    public async Task Second_build_of_an_unchanged_project_generates_nothing()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");

        var again = await project.RunAsync("build");

        Assert.That(again.ExitCode, Is.EqualTo(0), again.StandardError);
        Assert.That(again.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 0, UpToDate: 2, Failed: 0)));
    }

    [Test]
    public async Task Editing_a_prompt_makes_status_name_prompt_for_that_asset_only()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        project.Edit("icons/potion-red.yaml", "red health potion", "crimson health potion");

        var status = await project.RunAsync("status");

        Assert.That(status.ExitCode, Is.EqualTo(0), status.StandardError);
        Assert.That(status.OutputLines, Does.Contain("stale    icons/potion-red (prompt)"));
        Assert.That(status.OutputLines, Does.Contain("current  icons/potion-blue"));
    }

    [Test]
    public async Task Editing_a_prompt_regenerates_exactly_that_asset()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        var blueBefore = File.ReadAllBytes(project.OutputOf("icons/potion_blue.png"));
        project.Edit("icons/potion-red.yaml", "red health potion", "crimson health potion");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 1, FromCache: 0, UpToDate: 1, Failed: 0)));
        Assert.That(build.OutputLines, Has.Some.StartsWith("generated icons/potion-red"));
        Assert.That(File.ReadAllBytes(project.OutputOf("icons/potion_blue.png")), Is.EqualTo(blueBefore));
    }

    [Test]
    public async Task Deleting_an_output_rematerialises_it_from_the_cache()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        var output = project.OutputOf("icons/potion_red.png");
        var before = File.ReadAllBytes(output);
        File.Delete(output);

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 1, UpToDate: 1, Failed: 0)));
        Assert.That(File.ReadAllBytes(output), Is.EqualTo(before));
    }

    [Test]
    public async Task Moving_an_output_rematerialises_it_from_the_cache()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        project.Edit("icons/potion-red.yaml", "output: icons/potion_red.png", "output: items/potion_red.png");

        var build = await project.RunAsync("build");

        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 1, UpToDate: 1, Failed: 0)));
        Png.AssertImage(project.OutputOf("items/potion_red.png"), 64, 64);
    }

    [Test]
    public async Task Clean_removes_the_outputs_and_keeps_the_cache()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");

        var clean = await project.RunAsync("clean");
        var exists = File.Exists(project.OutputOf("icons/potion_red.png"));
        var build = await project.RunAsync("build");

        Assert.That(clean.ExitCode, Is.EqualTo(0), clean.StandardError);
        Assert.That(exists, Is.False);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 2, UpToDate: 0, Failed: 0)));
    }

    [Test]
    public async Task Build_with_asset_builds_only_that_asset()
    {
        using var project = TestProject.CreateWithTwoIcons();

        var build = await project.RunAsync("build", "--asset", "icons/potion-blue");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.Summary.Generated, Is.EqualTo(1));
        Assert.That(File.Exists(project.OutputOf("icons/potion_red.png")), Is.False);
        Png.AssertImage(project.OutputOf("icons/potion_blue.png"), 64, 64);
    }

    [Test]
    public async Task Build_with_an_unknown_asset_exits_with_2()
    {
        using var project = TestProject.CreateWithTwoIcons();

        var build = await project.RunAsync("build", "--asset", "icons/potion-green");

        Assert.That(build.ExitCode, Is.EqualTo(2));
        Assert.That(build.ErrorLines, Has.Some.Contains("error AF"));
    }

    [Test]
    public async Task Status_check_fails_while_an_asset_is_stale()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        project.Edit("icons/potion-blue.yaml", "seed: 424242", "seed: 424243");

        var check = await project.RunAsync("status", "--check");

        Assert.That(check.ExitCode, Is.EqualTo(1));
        Assert.That(check.OutputLines, Does.Contain("stale    icons/potion-blue (seed)"));
    }

    [Test]
    public async Task Status_check_passes_after_a_build()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");

        var check = await project.RunAsync("status", "--check");

        Assert.That(check.ExitCode, Is.EqualTo(0), check.StandardOutput + check.StandardError);
        Assert.That(check.OutputLines, Does.Contain("2 current, 0 stale, 0 missing, 0 invalid"));
    }
}
