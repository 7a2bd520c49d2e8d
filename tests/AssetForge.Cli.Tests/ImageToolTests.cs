namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>diff, verify and explain on a built project.</summary>
[Category("Slow")]
public sealed class ImageToolTests
{
    [Test]
    public async Task Diff_of_an_image_with_itself_exits_0()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        var red = project.OutputOf("icons/potion_red.png");

        var diff = await Cli.RunAsync(project.Directory, ["diff", red, red]);

        Assert.That(diff.ExitCode, Is.EqualTo(0), diff.StandardError);
        Assert.That(diff.StandardOutput, Does.StartWith("identical"));
    }

    [Test]
    public async Task Diff_of_two_different_images_exits_1_and_writes_the_difference_image()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        var output = project.PathOf("diff.png");

        var diff = await Cli.RunAsync(project.Directory, ["diff", project.OutputOf("icons/potion_red.png"), project.OutputOf("icons/potion_blue.png"), "--out", output]);

        Assert.That(diff.ExitCode, Is.EqualTo(1), diff.StandardError);
        Assert.That(diff.StandardOutput, Does.Match(@"different: max \d+, mean \d+\.\d{4}, PSNR \d+\.\d\d dB, \d+ pixels changed in \d+x\d+ at \(\d+,\d+\)"));
        Png.AssertImage(output, 64, 64);
    }

    [Test]
    public async Task Diff_refuses_images_of_different_sizes_with_exit_2()
    {
        using var project = TestProject.CreateWithTwoIcons();
        project.Edit("icons/potion-blue.yaml", "seed: 424242", "seed: 424242\nwidth: 128");
        await project.RunAsync("build");

        var diff = await Cli.RunAsync(project.Directory, ["diff", project.OutputOf("icons/potion_red.png"), project.OutputOf("icons/potion_blue.png")]);

        Assert.That(diff.ExitCode, Is.EqualTo(2));
        Assert.That(diff.StandardError, Does.Contain("AF4104").And.Contain("64x64").And.Contain("128x64"));
    }

    [Test]
    public async Task Diff_refuses_a_file_that_is_not_an_image_with_exit_2()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");

        var diff = await Cli.RunAsync(project.Directory, ["diff", project.OutputOf("icons/potion_red.png"), project.PathOf("assetforge.yaml")]);

        Assert.That(diff.ExitCode, Is.EqualTo(2));
        Assert.That(diff.StandardError, Does.Contain("AF4103"));
    }

    [Test]
    public async Task Verify_after_a_build_reports_every_asset_identical()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        string[] Entries() => [.. Directory.GetFiles(project.PathOf(".assetforge/cache/objects"), "*", SearchOption.AllDirectories), .. Directory.GetFiles(project.PathOf(".assetforge/cache/actions"), "*", SearchOption.AllDirectories)];
        var cacheEntries = Entries();
        var outputTime = File.GetLastWriteTimeUtc(project.OutputOf("icons/potion_red.png"));

        var verify = await project.RunAsync("verify");

        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.StandardOutput + verify.StandardError);
        Assert.That(verify.OutputLines, Has.Some.Match(@"^identical\s+icons/potion-red$"));
        Assert.That(verify.OutputLines, Has.Some.Match(@"^identical\s+icons/potion-blue$"));
        Assert.That(Entries(), Is.EquivalentTo(cacheEntries), "verify adds no blob or action to the cache");
        Assert.That(File.GetLastWriteTimeUtc(project.OutputOf("icons/potion_red.png")), Is.EqualTo(outputTime), "verify leaves outputs alone");
    }

    [Test]
    public async Task Verify_of_an_asset_that_was_never_built_fails_with_exit_1()
    {
        using var project = TestProject.CreateWithTwoIcons();

        var verify = await project.RunAsync("verify", "--asset", "icons/potion-red");

        Assert.That(verify.ExitCode, Is.EqualTo(1));
        Assert.That(verify.StandardOutput, Does.Contain("failed").And.Contain("build it first"));
    }

    [Test]
    public async Task Explain_prints_the_parameters_and_says_the_spec_still_produces_the_key()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");

        var explain = await Cli.RunAsync(project.Directory, ["explain", project.OutputOf("icons/potion_red.png"), project.Directory]);

        Assert.That(explain.ExitCode, Is.EqualTo(0), explain.StandardError);
        Assert.That(explain.StandardOutput, Does.Contain("red health potion, glass bottle, game icon"));
        Assert.That(explain.StandardOutput, Does.Contain("Negative prompt: blurry, text, watermark"));
        Assert.That(explain.StandardOutput, Does.Match(@"Steps: 3, Sampler: Euler, CFG scale: 5, Seed: 909090, Size: 64x64, Model hash: [0-9a-f]{10}"));
        Assert.That(explain.StandardOutput, Does.Contain("current: the project's spec still produces this key (icons/potion-red)"));
    }

    [Test]
    public async Task Explain_after_a_prompt_edit_says_stale_and_names_the_prompt()
    {
        using var project = TestProject.CreateWithTwoIcons();
        await project.RunAsync("build");
        project.Edit("icons/potion-red.yaml", "red health potion", "crimson health potion");

        var explain = await Cli.RunAsync(project.Directory, ["explain", project.OutputOf("icons/potion_red.png"), project.Directory]);

        Assert.That(explain.ExitCode, Is.EqualTo(1), explain.StandardError);
        Assert.That(explain.StandardOutput, Does.Contain("stale: asset icons/potion-red now produces key").And.Contain("(changed: prompt)"));
    }
}
