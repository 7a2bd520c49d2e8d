namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>The same spec gives the same bytes, whoever builds it.</summary>
[Category("Slow")]
public sealed class ReproducibilityTests
{
    [Test]
    public async Task The_same_spec_gives_byte_identical_pngs_in_separate_processes_with_separate_caches()
    {
        using var first = TestProject.CreateWithTwoIcons();
        using var second = TestProject.CreateWithTwoIcons();

        var a = await first.RunAsync("build");
        var b = await second.RunAsync("build");

        Assert.That((a.Summary.Generated, b.Summary.Generated), Is.EqualTo((2, 2)), "both must generate, not share a cache");
        Assert.That(
            File.ReadAllBytes(second.OutputOf("icons/potion_red.png")),
            Is.EqualTo(File.ReadAllBytes(first.OutputOf("icons/potion_red.png"))));
        Assert.That(
            File.ReadAllBytes(second.OutputOf("icons/potion_blue.png")),
            Is.EqualTo(File.ReadAllBytes(first.OutputOf("icons/potion_blue.png"))));
    }

    [Test]
    public async Task Different_seeds_give_different_pngs()
    {
        using var project = TestProject.CreateWithTwoIcons();
        project.Write("icons/potion-red-2.yaml", TestProject.Spec("red health potion, glass bottle, game icon", seed: 909091, output: "icons/potion_red_2.png"));

        await project.RunAsync("build");

        Assert.That(
            File.ReadAllBytes(project.OutputOf("icons/potion_red_2.png")),
            Is.Not.EqualTo(File.ReadAllBytes(project.OutputOf("icons/potion_red.png"))));
    }
}
