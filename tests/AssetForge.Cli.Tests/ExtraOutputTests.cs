namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>Post stages with named extra outputs: one spec's <c>normal_map</c> writes <c>ground.png</c> and <c>ground_n.png</c>.</summary>
[Category("Slow")]
public sealed class ExtraOutputTests
{
    private const string Ground = """
        output: textures/ground.png
        prompt: "mossy cobblestone ground, seamless texture"
        seed: 4242
        steps: 8
        width: 64
        height: 64
        tiling: true
        post:
          - { normal_map: { strength: 2 } }
        """;

    [Test]
    public async Task A_normal_map_step_writes_the_colour_map_unchanged_and_its_normal_map_beside_it_which_tiles()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", Ground.Replace("post:\n  - { normal_map: { strength: 2 } }", string.Empty, StringComparison.Ordinal));
        await project.RunAsync("build");
        var colour = File.ReadAllBytes(project.OutputOf("textures/ground.png"));
        project.Write("textures/ground.yaml", Ground);

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(PostStepTests.PostStagesRun(build), Is.EqualTo(1), "only the normal_map stage runs: no diffusion");
        Assert.That(File.ReadAllBytes(project.OutputOf("textures/ground.png")), Is.EqualTo(colour), "the colour map passes through");
        var normal = PngPixels.Read(project.OutputOf("textures/ground_n.png"));
        var (seam, interior) = TilingTests.SeamOfTwoByTwo(normal);
        TestContext.Out.WriteLine($"extra normal map of a tiling texture, 2x2: seam {seam:F2} vs interior {interior:F2}");
        Assert.That(seam, Is.LessThanOrEqualTo(1.5 * interior));
    }

    [Test]
    public async Task Writing_the_normal_maps_defaults_changes_no_key()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", Ground);
        await project.RunAsync("build");
        project.Edit("textures/ground.yaml", "{ strength: 2 }", "{ strength: 2.0, convention: opengl, blur: 1, wrap: xy, replace: false }");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 0, UpToDate: 2, Failed: 0)));
    }

    [Test]
    public async Task Editing_the_strength_reruns_only_that_stage_and_changes_only_the_normal_map()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", Ground);
        await project.RunAsync("build");
        var colour = File.ReadAllBytes(project.OutputOf("textures/ground.png"));
        var normal = File.ReadAllBytes(project.OutputOf("textures/ground_n.png"));
        project.Edit("textures/ground.yaml", "strength: 2", "strength: 6");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(PostStepTests.PostStagesRun(build), Is.EqualTo(1));
        Assert.That(build.OutputLines, Has.None.StartsWith("generated textures/ground "), build.StandardOutput);
        Assert.That(File.ReadAllBytes(project.OutputOf("textures/ground.png")), Is.EqualTo(colour));
        Assert.That(File.ReadAllBytes(project.OutputOf("textures/ground_n.png")), Is.Not.EqualTo(normal));
    }

    [Test]
    public async Task Two_fresh_projects_write_byte_identical_colour_and_normal_maps()
    {
        using var one = TestProject.Create();
        using var two = TestProject.Create();
        one.Write("textures/ground.yaml", Ground);
        two.Write("textures/ground.yaml", Ground);

        await one.RunAsync("build");
        await two.RunAsync("build");

        Assert.That(File.ReadAllBytes(one.OutputOf("textures/ground_n.png")), Is.EqualTo(File.ReadAllBytes(two.OutputOf("textures/ground_n.png"))));
        Assert.That(File.ReadAllBytes(one.OutputOf("textures/ground.png")), Is.EqualTo(File.ReadAllBytes(two.OutputOf("textures/ground.png"))));
    }

    [Test]
    public async Task The_extra_is_a_target_that_status_lists_the_lock_file_records_and_clean_removes()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", Ground);
        await project.RunAsync("build");

        var status = await project.RunAsync("status");
        var lockText = File.ReadAllText(project.PathOf("assetforge.lock.json"));
        var clean = await project.RunAsync("clean");

        Assert.That(status.OutputLines, Does.Contain("current  textures/ground:normal"), status.StandardOutput);
        Assert.That(lockText, Does.Contain("textures/ground_n.png"));
        Assert.That(clean.ExitCode, Is.EqualTo(0), clean.StandardError);
        Assert.That(File.Exists(project.OutputOf("textures/ground_n.png")), Is.False);
    }

    [Test]
    public async Task A_deleted_extra_is_restored_from_the_cache_without_running_the_stage()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", Ground);
        await project.RunAsync("build");
        var normal = File.ReadAllBytes(project.OutputOf("textures/ground_n.png"));
        File.Delete(project.OutputOf("textures/ground_n.png"));

        var build = await project.RunAsync("build");

        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 1, UpToDate: 1, Failed: 0)));
        Assert.That(PostStepTests.PostStagesRun(build), Is.EqualTo(0));
        Assert.That(File.ReadAllBytes(project.OutputOf("textures/ground_n.png")), Is.EqualTo(normal));
    }

    [Test]
    public async Task An_extra_on_another_specs_output_is_the_duplicate_output_error_at_both_output_lines()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", Ground);
        project.Write("textures/painted.yaml", TestProject.Spec("hand-painted normal map", 5, "textures/ground_n.png"));

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.Not.EqualTo(0));
        Assert.That(build.StandardError + build.StandardOutput, Does.Contain("ground.yaml(1,9): error AF1201"));
        Assert.That(build.StandardError + build.StandardOutput, Does.Contain("painted.yaml").And.Contain("AF1201"));
    }

    [Test]
    public async Task Replace_true_keeps_the_old_behaviour_the_map_is_the_output_and_nothing_extra_is_written()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", Ground.Replace("{ strength: 2 }", "{ strength: 2, replace: true }", StringComparison.Ordinal));

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(File.Exists(project.OutputOf("textures/ground_n.png")), Is.False);
        var map = PngPixels.Read(project.OutputOf("textures/ground.png"));
        var blues = new List<byte>();
        for (var i = 2; i < map.Rgb.Length; i += 3)
        {
            blues.Add(map.Rgb[i]);
        }

        Assert.That(blues, Is.All.GreaterThanOrEqualTo(128), "a tangent-space normal map's blue (z) is never below half, a colour texture's mostly is");
    }
}
