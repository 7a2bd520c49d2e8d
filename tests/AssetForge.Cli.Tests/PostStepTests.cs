namespace AssetForge.Cli.Tests;

using System.Globalization;
using System.Text.RegularExpressions;
using AssetForge.Cli.Tests.Infrastructure;

/// <summary>post: steps as cached stages (DESIGN §4): only the stages after a change run again.</summary>
[Category("Slow")]
public sealed partial class PostStepTests
{
    private const string IconSpec = """
        output: icons/gem.png
        prompt: "green gem, game icon"
        seed: 77
        post:
          - { resize: { size: 48x40, mode: exact, filter: mitchell } }
          - { pad: pow2 }
        """;

    private const string TilingGround = """
        output: textures/ground.png
        prompt: "mossy cobblestone ground, seamless texture"
        seed: 4242
        steps: 8
        width: 64
        height: 64
        tiling: true
        post:
          - { resize: { size: 150x150, filter: lanczos } }
        """;

    [Test]
    public async Task First_build_generates_once_and_runs_every_post_stage()
    {
        using var project = CreateWithGem();

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 1, FromCache: 0, UpToDate: 0, Failed: 0)));
        Assert.That(PostStagesRun(build), Is.EqualTo(2));
        Png.AssertImage(project.OutputOf("icons/gem.png"), 64, 64); // 48x40 padded to the next powers of two
    }

    [Test]
    public async Task Editing_a_resize_step_regenerates_no_diffusion_and_reruns_the_stages_after_it()
    {
        using var project = CreateWithGem();
        await project.RunAsync("build");
        project.Edit("icons/gem.yaml", "size: 48x40", "size: 24x24");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 1, UpToDate: 0, Failed: 0)));
        Assert.That(PostStagesRun(build), Is.EqualTo(2));
        Png.AssertImage(project.OutputOf("icons/gem.png"), 32, 32);
    }

    [Test]
    public async Task Adding_a_step_at_the_end_runs_only_that_step()
    {
        using var project = CreateWithGem();
        await project.RunAsync("build");
        project.Edit("icons/gem.yaml", "  - { pad: pow2 }", "  - { pad: pow2 }\n  - { crop: 16x16 }");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 1, UpToDate: 0, Failed: 0)));
        Assert.That(PostStagesRun(build), Is.EqualTo(1));
        Png.AssertImage(project.OutputOf("icons/gem.png"), 16, 16);
    }

    [Test]
    public async Task Reverting_a_step_serves_every_stage_from_the_cache()
    {
        using var project = CreateWithGem();
        await project.RunAsync("build");
        var first = File.ReadAllBytes(project.OutputOf("icons/gem.png"));
        project.Edit("icons/gem.yaml", "size: 48x40", "size: 24x24");
        await project.RunAsync("build");
        project.Edit("icons/gem.yaml", "size: 24x24", "size: 48x40");

        var build = await project.RunAsync("build");

        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 1, UpToDate: 0, Failed: 0)));
        Assert.That(PostStagesRun(build), Is.EqualTo(0));
        Assert.That(File.ReadAllBytes(project.OutputOf("icons/gem.png")), Is.EqualTo(first));
    }

    [Test]
    public async Task Editing_the_prompt_regenerates_and_reruns_every_stage()
    {
        using var project = CreateWithGem();
        await project.RunAsync("build");
        project.Edit("icons/gem.yaml", "green gem", "red gem");

        var build = await project.RunAsync("build");

        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 1, FromCache: 0, UpToDate: 0, Failed: 0)));
        Assert.That(PostStagesRun(build), Is.EqualTo(2));
    }

    [Test]
    public async Task An_unknown_step_is_an_error_at_its_line_with_a_suggestion()
    {
        using var project = CreateWithGem();
        project.Edit("icons/gem.yaml", "{ pad: pow2 }", "{ padd: pow2 }");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(1));
        Assert.That(build.StandardError + build.StandardOutput, Does.Contain("gem.yaml(6,7): error AF1131: Unknown post step 'padd'. Did you mean 'pad'?"));
    }

    [Test]
    public async Task A_bad_parameter_is_an_error_at_its_value()
    {
        using var project = CreateWithGem();
        project.Edit("icons/gem.yaml", "filter: mitchell", "filter: bogus");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(1));
        Assert.That(build.StandardError + build.StandardOutput, Does.Contain("gem.yaml(5,51): error AF1130: Post step 'resize': 'filter' must be one of"));
    }

    [Test]
    public async Task A_format_step_must_match_the_output_extension()
    {
        using var project = CreateWithGem();
        project.Edit("icons/gem.yaml", "  - { pad: pow2 }", "  - { pad: pow2 }\n  - { format: { format: webp, quality: 80 } }");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(1));
        Assert.That(build.StandardError + build.StandardOutput, Does.Contain("error AF1132: The post steps end in webp"));
    }

    [Test]
    public async Task A_format_step_writes_webp_to_a_webp_output()
    {
        using var project = CreateWithGem();
        project.Edit("icons/gem.yaml", "  - { pad: pow2 }", "  - { pad: pow2 }\n  - { format: { format: webp, quality: 80 } }");
        project.Edit("icons/gem.yaml", "icons/gem.png", "icons/gem.webp");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        var bytes = File.ReadAllBytes(project.OutputOf("icons/gem.webp"));
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 8, 4), Is.EqualTo("WEBP"));
    }

    [Test]
    public async Task Each_variant_gets_the_post_chain()
    {
        using var project = CreateWithGem();
        project.Edit("icons/gem.yaml", "seed: 77", "seed: 77\nvariants: { seeds: [1, 2] }");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 2, FromCache: 0, UpToDate: 0, Failed: 0)));
        Assert.That(PostStagesRun(build), Is.EqualTo(4));
        Png.AssertImage(project.OutputOf("icons/gem_s1.png"), 64, 64);
        Png.AssertImage(project.OutputOf("icons/gem_s2.png"), 64, 64);
    }

    [Test]
    public async Task Writing_the_defaults_of_remove_background_and_pixelate_changes_no_key()
    {
        using var project = CreateWithGem();
        project.Edit("icons/gem.yaml", "  - { pad: pow2 }", "  - { remove_background: 12 }\n  - { pixelate: { grid: 16x16, palette: pico8 } }");
        var first = await project.RunAsync("build");
        project.Edit("icons/gem.yaml", "{ remove_background: 12 }", "{ remove_background: { color: auto, tolerance: 12, edge: 2, keep_largest: false } }");
        project.Edit("icons/gem.yaml", "palette: pico8 }", "palette: pico8, method: mode, dither: none, alpha_threshold: 128, outline: none }");

        var build = await project.RunAsync("build");

        Assert.That(first.ExitCode, Is.EqualTo(0), first.StandardError + first.StandardOutput);
        Assert.That(PostStagesRun(first), Is.EqualTo(3));
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 0, UpToDate: 1, Failed: 0)));
        Png.AssertImage(project.OutputOf("icons/gem.png"), 16, 16);
    }

    [Test]
    public async Task Editing_the_pixelate_palette_reruns_only_that_stage()
    {
        using var project = CreateWithGem();
        project.Edit("icons/gem.yaml", "  - { pad: pow2 }", "  - { remove_background: 12 }\n  - { pixelate: { grid: 16x16, palette: pico8 } }");
        await project.RunAsync("build");
        project.Edit("icons/gem.yaml", "palette: pico8", "palette: \"auto:8\", dither: ordered");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 1, UpToDate: 0, Failed: 0)));
        Assert.That(PostStagesRun(build), Is.EqualTo(1));
    }

    [Test]
    public async Task Editing_a_palette_file_reruns_only_the_pixelate_stage()
    {
        using var project = CreateWithGem();
        project.Write("icons/palettes/two.gpl", "GIMP Palette\nName: two\n#\n 20  20  20 ink\n240 240 220 paper\n");
        project.Edit("icons/gem.yaml", "  - { pad: pow2 }", "  - { pixelate: { grid: 16x16, palette: palettes/two.gpl } }");
        var first = await project.RunAsync("build");
        project.Write("icons/palettes/two.gpl", "GIMP Palette\nName: two\n#\n 20  20  20 ink\n200  40  40 red\n");

        var build = await project.RunAsync("build");

        Assert.That(first.ExitCode, Is.EqualTo(0), first.StandardError + first.StandardOutput);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 1, UpToDate: 0, Failed: 0)));
        Assert.That(PostStagesRun(build), Is.EqualTo(1));
    }

    [Test]
    public async Task Remove_background_and_pixelate_give_the_same_bytes_in_separate_projects()
    {
        const string Chain = "  - { remove_background: { tolerance: 20, keep_largest: true } }\n  - { pixelate: { cell: 3, palette: \"auto:12\", outline: \"#101010\" } }";
        using var one = CreateWithGem();
        using var two = CreateWithGem();
        one.Edit("icons/gem.yaml", "  - { pad: pow2 }", Chain);
        two.Edit("icons/gem.yaml", "  - { pad: pow2 }", Chain);

        var first = await one.RunAsync("build");
        var second = await two.RunAsync("build");

        Assert.That(first.ExitCode + second.ExitCode, Is.EqualTo(0), first.StandardError + second.StandardError);
        Assert.That(File.ReadAllBytes(two.OutputOf("icons/gem.png")), Is.EqualTo(File.ReadAllBytes(one.OutputOf("icons/gem.png"))));
    }

    [TestCase("{ remove_background: { tolerance: 500 } }", "gem.yaml(6,39): error AF1130: Post step 'remove_background': 'tolerance' must be a whole number from 0 to 100")]
    [TestCase("{ pixelate: { cell: 4, palette: pico9 } }", "gem.yaml(6,37): error AF1130: Post step 'pixelate': 'palette' must be none, pico8, db16")]
    [TestCase("{ pixelate: { cell: 4, dither: ordered } }", "gem.yaml(6,36): error AF1130: Post step 'pixelate': 'dither' needs a 'palette'")]
    [TestCase("{ normal_map: { convention: vulkan } }", "gem.yaml(6,33): error AF1130: Post step 'normal_map': 'convention' must be one of opengl, directx")]
    [TestCase("{ height_map: { blur: 99 } }", "gem.yaml(6,27): error AF1130: Post step 'height_map': 'blur' must be a whole number from 0 to 16")]
    [TestCase("{ roughness: { contrast: lots } }", "gem.yaml(6,30): error AF1130: Post step 'roughness': 'contrast' must be a number from 0.1 to 32")]
    [TestCase("{ pixelate: { cell: 4, palette: missing.hex } }", "gem.yaml(6,37): error AF1130: Post step 'pixelate': 'palette' names the file 'missing.hex', which does not exist")]
    public async Task A_bad_parameter_of_a_new_step_is_an_error_at_its_value(string step, string expected)
    {
        using var project = CreateWithGem();
        project.Edit("icons/gem.yaml", "{ pad: pow2 }", step);

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(1));
        Assert.That(build.StandardError + build.StandardOutput, Does.Contain(expected));
    }

    [Test]
    public async Task Resizing_a_tiling_texture_wraps_around_so_it_still_tiles()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", TilingGround);

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        var (seam, interior) = TilingTests.SeamOfTwoByTwo(PngPixels.Read(project.OutputOf("textures/ground.png")));
        TestContext.Out.WriteLine($"tiling, resized 64 -> 150: 2x2 seam {seam:F2} vs interior {interior:F2}");
        Assert.That(seam, Is.LessThanOrEqualTo(1.5 * interior));
    }

    [Test]
    public async Task A_tiling_asset_s_resize_wraps_as_if_wrap_were_written()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", TilingGround);
        await project.RunAsync("build");
        project.Edit("textures/ground.yaml", "filter: lanczos", "filter: lanczos, wrap: xy");

        var build = await project.RunAsync("build");

        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 0, UpToDate: 1, Failed: 0)));
    }

    [Test]
    public async Task Wrap_none_on_a_tiling_asset_clamps_and_reruns_the_resize()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", TilingGround);
        await project.RunAsync("build");
        project.Edit("textures/ground.yaml", "filter: lanczos", "filter: lanczos, wrap: none");

        var build = await project.RunAsync("build");

        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 1, UpToDate: 0, Failed: 0)));
        Assert.That(PostStagesRun(build), Is.EqualTo(1));
    }

    [Test]
    public async Task A_replacing_normal_map_spec_beside_its_cached_colour_map_reuses_the_generation_and_tiles()
    {
        using var project = TestProject.Create();
        project.Write("textures/ground.yaml", TilingGround);
        await project.RunAsync("build");
        project.Write("textures/ground-n.yaml", TilingGround.Replace("textures/ground.png", "textures/ground_n.png", StringComparison.Ordinal) + "\n  - { normal_map: { strength: 4, replace: true } }");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 1, UpToDate: 1, Failed: 0)), "no second diffusion: the generation key is the colour map's");
        Assert.That(PostStagesRun(build), Is.EqualTo(1));
        var (seam, interior) = TilingTests.SeamOfTwoByTwo(PngPixels.Read(project.OutputOf("textures/ground_n.png")));
        TestContext.Out.WriteLine($"normal map of a tiling texture, 2x2: seam {seam:F2} vs interior {interior:F2}");
        Assert.That(seam, Is.LessThanOrEqualTo(1.5 * interior));
    }

    private static TestProject CreateWithGem()
    {
        var project = TestProject.Create();
        project.Write("icons/gem.yaml", IconSpec);
        return project;
    }

    /// <summary>The "N post stages run" count of a build's summary line (0 when the line has none).</summary>
    internal static int PostStagesRun(CliResult result)
    {
        var match = PostStagesLine().Match(result.StandardOutput);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"failed in \d+\.\d\ds; (\d+) post stages run")]
    private static partial Regex PostStagesLine();
}
