namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>
/// Schedulers that add noise at every step draw it from the image's own generator, so their
/// assets are as reproducible as the deterministic ones.
/// </summary>
[Category("Slow")]
public sealed class StochasticReproducibilityTests
{
    [TestCase("euler_ancestral")]
    [TestCase("kdpm2_ancestral")]
    [TestCase("dpmpp_2m_sde")]
    [TestCase("lcm")]
    public async Task A_stochastic_scheduler_gives_byte_identical_pngs_in_separate_processes(string scheduler)
    {
        using var first = TestProject.Create();
        using var second = TestProject.Create();
        var spec = TestProject.Spec("goblin archer, game sprite", seed: 31337, output: "goblin.png") + $"\nscheduler: {scheduler}\nsteps: 4\n";
        first.Write("goblin.yaml", spec);
        second.Write("goblin.yaml", spec);

        var a = await first.RunAsync("build");
        var b = await second.RunAsync("build");

        Assert.That((a.Summary.Generated, b.Summary.Generated), Is.EqualTo((1, 1)), a.StandardError + b.StandardError);
        Assert.That(File.ReadAllBytes(second.OutputOf("goblin.png")), Is.EqualTo(File.ReadAllBytes(first.OutputOf("goblin.png"))));
    }
}
