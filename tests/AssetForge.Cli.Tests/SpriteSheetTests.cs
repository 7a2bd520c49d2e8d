namespace AssetForge.Cli.Tests;

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AssetForge.Cli.Tests.Infrastructure;

/// <summary>sheet: assets pack other assets' outputs into an atlas and a TexturePacker JSON (Hash) map.</summary>
[Category("Slow")]
public sealed partial class SpriteSheetTests
{
    private const string Sheet = """
        id: ui/icon-sheet
        output: ui/icons.png
        sheet: { members: ["icons/*"], padding: 2, max_width: 80 }
        """;

    [Test]
    public async Task A_sheet_packs_its_members_into_an_atlas_and_a_json_hash_map()
    {
        using var project = CreateIconSet();

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        Assert.That(Count(build, "sprite sheets packed"), Is.EqualTo(1));
        using var map = JsonDocument.Parse(File.ReadAllBytes(project.OutputOf("ui/icons.json")));
        var frames = map.RootElement.GetProperty("frames");
        Assert.That(frames.EnumerateObject().Select(f => f.Name), Is.EqualTo(new[] { "icons/a", "icons/b", "icons/c" }));
        var b = frames.GetProperty("icons/b").GetProperty("frame");
        Assert.That((b.GetProperty("x").GetInt32(), b.GetProperty("y").GetInt32(), b.GetProperty("w").GetInt32(), b.GetProperty("h").GetInt32()), Is.EqualTo((36, 2, 32, 32)));
        var c = frames.GetProperty("icons/c").GetProperty("frame");
        Assert.That((c.GetProperty("x").GetInt32(), c.GetProperty("y").GetInt32()), Is.EqualTo((2, 36)), "max_width 80 sends the third frame to a new shelf");
        Assert.That(map.RootElement.GetProperty("meta").GetProperty("image").GetString(), Is.EqualTo("icons.png"));
        Png.AssertImage(project.OutputOf("ui/icons.png"), 70, 70);
    }

    [Test]
    public async Task Editing_one_icons_prompt_rebuilds_that_icon_its_post_steps_and_the_sheet_nothing_else()
    {
        using var project = CreateIconSet();
        await project.RunAsync("build");
        var aBefore = File.ReadAllBytes(project.OutputOf("icons/a.png"));
        project.Edit("icons/b.yaml", "icon b", "icon b, golden");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        // Generated: icon b (diffusion) + the sheet's atlas and map (packed); icons a and c untouched.
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 1, FromCache: 1, UpToDate: 3, Failed: 0)), "one model run; the atlas is repacked (not generated), the map's bytes are unchanged");
        Assert.That(build.OutputLines, Has.Some.StartsWith("generated icons/b"));
        Assert.That(Count(build, "post stages run"), Is.EqualTo(2));
        Assert.That(Count(build, "sprite sheets packed"), Is.EqualTo(1));
        Assert.That(File.ReadAllBytes(project.OutputOf("icons/a.png")), Is.EqualTo(aBefore));
    }

    [Test]
    public async Task Editing_a_resize_step_of_one_icon_runs_no_diffusion_but_repacks_the_sheet()
    {
        using var project = CreateIconSet();
        await project.RunAsync("build");
        project.Edit("icons/c.yaml", "resize: 32x32", "resize: 16x16");

        var build = await project.RunAsync("build");

        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 3, UpToDate: 2, Failed: 0)), "no model run: the icon's stages and the sheet are made from cached images");
        Assert.That(Count(build, "post stages run"), Is.EqualTo(2));
        Assert.That(Count(build, "sprite sheets packed"), Is.EqualTo(1));
    }

    [Test]
    public async Task An_unchanged_project_repacks_nothing()
    {
        using var project = CreateIconSet();
        await project.RunAsync("build");

        var build = await project.RunAsync("build");

        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 0, UpToDate: 5, Failed: 0)));
        Assert.That(Count(build, "sprite sheets packed"), Is.EqualTo(0));
    }

    [Test]
    public async Task A_member_pattern_that_matches_nothing_is_an_error()
    {
        using var project = CreateIconSet();
        project.Edit("ui/icon-sheet.yaml", "icons/*", "icon/*");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(1));
        Assert.That(build.StandardError, Does.Contain("icon-sheet.yaml(3,19): error AF1133: The sheet member 'icon/*' matches no asset"));
    }

    [Test]
    public async Task A_trimmed_sheet_crops_frames_to_their_alpha_and_records_it_as_texturepacker_does()
    {
        using var project = CreateIconSet();
        project.Edit("ui/icon-sheet.yaml", "max_width: 80", "max_width: 80, trim: true");
        foreach (var name in new[] { "a", "b", "c" })
        {
            project.Edit($"icons/{name}.yaml", "pad: pow2", "pad: 48x40");
        }

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        using var map = JsonDocument.Parse(File.ReadAllBytes(project.OutputOf("ui/icons.json")));
        var b = map.RootElement.GetProperty("frames").GetProperty("icons/b");
        Assert.That(b.GetProperty("trimmed").GetBoolean(), Is.True);
        Assert.That(Rect(b.GetProperty("spriteSourceSize")), Is.EqualTo((8, 4, 32, 32)));
        Assert.That((b.GetProperty("sourceSize").GetProperty("w").GetInt32(), b.GetProperty("sourceSize").GetProperty("h").GetInt32()), Is.EqualTo((48, 40)));
        Assert.That(Rect(b.GetProperty("frame")).W, Is.EqualTo(32));
    }

    [Test]
    public async Task A_godot_sheet_writes_a_sprite_frames_resource_beside_the_atlas()
    {
        using var project = CreateIconSet();
        project.Edit("ui/icon-sheet.yaml", "max_width: 80", "max_width: 80, format: godot");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        var tres = File.ReadAllText(project.OutputOf("ui/icons.tres"));
        Assert.That(tres, Does.StartWith("[gd_resource type=\"SpriteFrames\""));
        Assert.That(tres, Does.Contain("region = Rect2(36, 2, 32, 32)"));
        Assert.That(File.Exists(project.OutputOf("ui/icons.json")), Is.False);
    }

    [Test]
    public async Task A_unity_sheet_writes_the_atlas_s_meta_with_its_sprites()
    {
        using var project = CreateIconSet();
        project.Edit("ui/icon-sheet.yaml", "max_width: 80", "max_width: 80, format: unity");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError + build.StandardOutput);
        var meta = File.ReadAllText(project.OutputOf("ui/icons.png.meta"));
        Assert.That(meta, Does.Contain("spriteMode: 2"));
        Assert.That(meta, Does.Contain("name: 'icons/c'"));
    }

    [Test]
    public async Task Writing_the_sheet_defaults_changes_no_key()
    {
        using var project = CreateIconSet();
        await project.RunAsync("build");
        project.Edit("ui/icon-sheet.yaml", "max_width: 80", "max_width: 80, packer: maxrects, trim: false, rotate: false, pow2: false, format: texturepacker");

        var build = await project.RunAsync("build");

        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 0, UpToDate: 5, Failed: 0)));
    }

    [Test]
    public async Task Switching_to_the_shelf_packer_repacks_only_the_sheet()
    {
        using var project = CreateIconSet();
        await project.RunAsync("build");
        project.Edit("ui/icon-sheet.yaml", "max_width: 80", "max_width: 80, packer: shelf");

        var build = await project.RunAsync("build");

        // The sheet node re-runs (its key covers the packer); three frames happen to land where
        // max-rects put them, so both of its outputs come out byte-identical and stay up to date.
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 0, UpToDate: 5, Failed: 0)));
        Assert.That(Count(build, "sprite sheets packed"), Is.EqualTo(1));
    }

    [TestCase("packer: shelf, rotate: true", "icon-sheet.yaml(3,82): error AF1106: 'sheet.rotate' cannot be true here: the shelf packer never rotates")]
    [TestCase("format: godot, rotate: true", "icon-sheet.yaml(3,82): error AF1106: 'sheet.rotate' cannot be true here: Godot's AtlasTexture cannot show rotated frames")]
    [TestCase("format: tiled", "icon-sheet.yaml(3,67): error AF1106: 'sheet.format' must be one of texturepacker, godot, unity")]
    [TestCase("trim: maybe", "icon-sheet.yaml(3,65): error")]
    public async Task A_bad_sheet_option_is_an_error_at_its_value(string options, string expected)
    {
        using var project = CreateIconSet();
        project.Edit("ui/icon-sheet.yaml", "max_width: 80", "max_width: 80, " + options);

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(1));
        Assert.That(build.StandardError, Does.Contain(expected));
    }

    private static TestProject CreateIconSet()
    {
        var project = TestProject.Create();
        foreach (var (name, seed) in new[] { ("a", 1), ("b", 2), ("c", 3) })
        {
            project.Write($"icons/{name}.yaml", $"""
                output: icons/{name}.png
                prompt: "icon {name}"
                seed: {seed}
                post:
                  - {"{"} resize: 32x32 {"}"}
                  - {"{"} pad: pow2 {"}"}
                """);
        }

        project.Write("ui/icon-sheet.yaml", Sheet);
        return project;
    }

    private static (int X, int Y, int W, int H) Rect(JsonElement rect) =>
        (rect.GetProperty("x").GetInt32(), rect.GetProperty("y").GetInt32(), rect.GetProperty("w").GetInt32(), rect.GetProperty("h").GetInt32());

    private static int Count(CliResult result, string what)
    {
        var match = Regex.Match(result.StandardOutput, @"(\d+) " + Regex.Escape(what));
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
