namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>variants and sweep: one asset per seed or cell, each cached alone, plus a contact sheet.</summary>
[Category("Slow")]
public sealed class VariantAndSweepTests
{
    private const string Sweep = """
        output: props/crate.png
        prompt: "wooden crate"
        seed: 7
        sweep: { cfg: [6, 7, 8, 9], steps: [10, 20] }
        """;

    [Test]
    public async Task A_4x2_sweep_builds_8_cells_and_a_contact_sheet()
    {
        using var project = TestProject.Create();
        project.Write("props/crate.yaml", Sweep);

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 8, FromCache: 1, UpToDate: 0, Failed: 0)), "8 model runs; the sheet is drawn from them");
        Assert.That(build.OutputLines.Single(l => l.Contains(" generated, ", StringComparison.Ordinal)), Does.Contain("; 1 contact sheets drawn"));
        foreach (var cfg in new[] { 6, 7, 8, 9 })
        {
            foreach (var steps in new[] { 10, 20 })
            {
                Png.AssertImage(project.OutputOf($"props/crate_cfg{cfg}_steps{steps}.png"), 64, 64);
            }
        }

        Assert.That(File.Exists(project.OutputOf("props/crate.png")), "the contact sheet");
    }

    [Test]
    public async Task Adding_a_cfg_value_generates_exactly_the_two_new_cells_and_redraws_the_sheet()
    {
        using var project = TestProject.Create();
        project.Write("props/crate.yaml", Sweep);
        await project.RunAsync("build");
        var sheetBefore = File.ReadAllBytes(project.OutputOf("props/crate.png"));

        project.Edit("props/crate.yaml", "cfg: [6, 7, 8, 9]", "cfg: [6, 7, 8, 9, 10]");
        var build = await project.RunAsync("build", "-v", "detailed");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        var generated = build.OutputLines.Where(l => l.StartsWith("generated ", StringComparison.Ordinal)).ToList();
        Assert.That(generated.Count(l => l.Contains("_steps", StringComparison.Ordinal)), Is.EqualTo(2), string.Join('\n', generated));
        Assert.That(generated, Has.Some.Contains("props/crate_cfg10_steps10.png"));
        Assert.That(generated, Has.Some.Contains("props/crate_cfg10_steps20.png"));
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 2, FromCache: 1, UpToDate: 8, Failed: 0)), "two model runs; the sheet redrawn from cached and new cells");
        Assert.That(File.ReadAllBytes(project.OutputOf("props/crate.png")), Is.Not.EqualTo(sheetBefore));
    }

    [Test]
    public async Task A_contact_sheet_is_byte_identical_when_rebuilt_from_a_clean_cache()
    {
        using var first = TestProject.Create();
        using var second = TestProject.Create();
        first.Write("props/crate.yaml", Sweep);
        second.Write("props/crate.yaml", Sweep);

        await first.RunAsync("build");
        await second.RunAsync("build");

        Assert.That(File.ReadAllBytes(second.OutputOf("props/crate.png")), Is.EqualTo(File.ReadAllBytes(first.OutputOf("props/crate.png"))));
    }

    [Test]
    public async Task Variants_count_writes_one_predictably_named_output_per_seed()
    {
        using var project = TestProject.Create();
        project.Write("items/potion.yaml", "output: items/potion.png\nprompt: \"red potion\"\nseed: 5\nvariants: { count: 3 }\n");

        var build = await project.RunAsync("build");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.Summary.Generated, Is.EqualTo(3));
        foreach (var seed in new[] { 5, 6, 7 })
        {
            Png.AssertImage(project.OutputOf($"items/potion_s{seed}.png"), 64, 64);
        }
    }

    [Test]
    public async Task Variants_built_in_one_batch_equal_each_seed_built_alone_byte_for_byte()
    {
        using var batched = TestProject.Create();
        batched.Write("items/potion.yaml", "output: items/potion.png\nprompt: \"red potion\"\nseed: 11\nvariants: { seeds: [11, 12, 99, 4] }\n");
        var build = await batched.RunAsync("build", "--max-batch", "4", "-v", "detailed");
        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.StandardError, Does.Contain("Generated 4 images in one batch"), "the four variants should share model calls");

        foreach (var seed in new ulong[] { 11, 12, 99, 4 })
        {
            using var alone = TestProject.Create();
            alone.Write("items/one.yaml", $"output: items/one.png\nprompt: \"red potion\"\nseed: {seed}\n");
            var single = await alone.RunAsync("build", "--max-batch", "1");
            Assert.That(single.ExitCode, Is.EqualTo(0), single.StandardError);

            Assert.That(File.ReadAllBytes(alone.OutputOf("items/one.png")), Is.EqualTo(File.ReadAllBytes(batched.OutputOf($"items/potion_s{seed}.png"))), $"seed {seed}");
        }
    }

    [Test]
    public async Task Img2img_output_changes_when_the_init_image_content_changes()
    {
        using var project = TestProject.Create();
        project.Write("items/base.yaml", "output: items/base.png\nprompt: \"red potion\"\nseed: 1\n");
        project.Write("items/other.yaml", "output: items/other.png\nprompt: \"blue gem\"\nseed: 2\n");
        await project.RunAsync("build");
        File.Copy(project.OutputOf("items/base.png"), project.PathOf("items/sketch.png"));
        project.Write("items/refined.yaml", "output: items/refined.png\nprompt: \"red potion, detailed\"\nseed: 3\ninit_image: sketch.png\nstrength: 0.5\n");

        var first = await project.RunAsync("build");
        var refined = File.ReadAllBytes(project.OutputOf("items/refined.png"));
        File.Copy(project.OutputOf("items/other.png"), project.PathOf("items/sketch.png"), overwrite: true);
        var second = await project.RunAsync("build");

        Assert.That(first.ExitCode, Is.EqualTo(0), first.StandardError);
        Assert.That(second.Summary.Generated, Is.EqualTo(1), "the init image's content is part of the key");
        Assert.That(File.ReadAllBytes(project.OutputOf("items/refined.png")), Is.Not.EqualTo(refined));
    }
}
