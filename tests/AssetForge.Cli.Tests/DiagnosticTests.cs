namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>User mistakes come back as <c>path(line,col): error AFnnnn: message</c>, never a stack trace.</summary>
[Category("Slow")]
public sealed class DiagnosticTests
{
    private const string BrokenSpec = """
        output: icons/broken.png
        prompt: "a sword"
        seed: 7
        steps: many
        """;

    [Test]
    public async Task A_bad_spec_is_reported_with_file_line_and_column_and_fails_the_build()
    {
        using var project = TestProject.CreateWithTwoIcons();
        project.Write("icons/broken.yaml", BrokenSpec);

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(1));
        Assert.That(build.ErrorLines, Has.Some.Matches(@"broken\.yaml\(4,\d+\): error AF\d{4}: "));
        Assert.That(build.StandardError, Does.Not.Contain("   at "), "no stack trace for a user mistake");
    }

    [Test]
    public async Task A_bad_spec_writes_no_output_and_the_others_still_build()
    {
        using var project = TestProject.CreateWithTwoIcons();
        project.Write("icons/broken.yaml", BrokenSpec);

        var build = await project.RunAsync("build");

        Assert.That(File.Exists(project.OutputOf("icons/broken.png")), Is.False);
        Assert.That(build.Summary.Generated, Is.EqualTo(2));
        Assert.That(build.Summary.Failed, Is.EqualTo(1));
        Png.AssertImage(project.OutputOf("icons/potion_red.png"), 64, 64);
    }

    [Test]
    public async Task A_bad_config_exits_with_2()
    {
        using var project = TestProject.CreateWithTwoIcons();
        project.Write("assetforge.yaml", TestProject.Config + "\nexecution_provider: warp\n");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(2));
        Assert.That(build.ErrorLines, Has.Some.Matches(@"assetforge\.yaml\(\d+,\d+\): error AF\d{4}: "));
        Assert.That(File.Exists(project.OutputOf("icons/potion_red.png")), Is.False);
    }
}
