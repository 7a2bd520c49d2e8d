namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary><c>assetforge schedulers</c> lists every scheduler with its aliases, version and options.</summary>
public sealed class SchedulersTests
{
    private static readonly string[] Expected =
    [
        "ddim", "ddpm", "deis", "dpmpp_2m", "dpmpp_2m_karras", "dpmpp_2m_sde", "dpmpp_2m_sde_karras", "dpmpp_2s", "dpmpp_2s_karras",
        "dpmpp_3s", "dpmpp_3s_karras", "dpmpp_sde", "dpmpp_sde_karras", "edm_dpmpp_2m", "edm_euler", "euler", "euler_ancestral",
        "heun", "kdpm2", "kdpm2_ancestral", "lcm", "lms", "pndm", "tcd", "unipc",
    ];

    [Test]
    public async Task Schedulers_lists_every_builtin_scheduler_with_its_version()
    {
        using var project = TestProject.Create();

        var result = await project.RunAsync("schedulers");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
        foreach (var id in Expected)
        {
            Assert.That(result.OutputLines, Has.Some.Matches($@"^scheduler {id} \d+\.\d+\.\d+ plugin: "), id);
        }
    }

    [Test]
    public async Task Schedulers_lists_the_aliases_people_type()
    {
        using var project = TestProject.Create();

        var result = await project.RunAsync("schedulers");

        Assert.That(result.OutputLines, Has.Some.Matches(@"^scheduler euler_ancestral .* aliases: .*\bk_euler_a\b"));
        Assert.That(result.OutputLines, Has.Some.Matches(@"^scheduler dpmpp_2m_karras .* aliases: .*DPM\+\+ 2M Karras"));
    }

    [Test]
    public async Task Schedulers_lists_each_option_with_kind_default_and_allowed_values()
    {
        using var project = TestProject.Create();

        var result = await project.RunAsync("schedulers");

        var lines = result.OutputLines.ToList();
        var unipc = lines.FindIndex(l => l.StartsWith("scheduler unipc ", StringComparison.Ordinal));
        Assert.That(unipc, Is.GreaterThanOrEqualTo(0));
        var options = lines.Skip(unipc + 1).TakeWhile(l => l.StartsWith("option ", StringComparison.Ordinal)).ToList();
        Assert.That(options, Has.Some.EqualTo("option timestep_spacing string default: \"linspace\" values: leading|trailing|linspace"));
        Assert.That(options, Has.Some.EqualTo("option solver_order int default: 2"));
        Assert.That(options, Has.Some.EqualTo("option use_karras_sigmas bool default: false"));
    }

    [TestCase("dpmpp_3s", "option solver_type string default: \"midpoint\" values: midpoint|heun")]
    [TestCase("dpmpp_2s_karras", "option use_karras_sigmas bool default: true")]
    [TestCase("deis", "option timestep_spacing string default: \"linspace\" values: leading|trailing|linspace")]
    [TestCase("edm_dpmpp_2m", "option sigma_schedule string default: \"karras\" values: karras|exponential")]
    [TestCase("edm_euler", "option prediction_type string default: \"epsilon\" values: epsilon|v_prediction")]
    [TestCase("tcd", "option eta number default: 0.3")]
    public async Task Schedulers_lists_the_options_of_the_newer_schedulers(string id, string option)
    {
        using var project = TestProject.Create();

        var result = await project.RunAsync("schedulers");

        var lines = result.OutputLines.ToList();
        var start = lines.FindIndex(l => l.StartsWith($"scheduler {id} ", StringComparison.Ordinal));
        Assert.That(start, Is.GreaterThanOrEqualTo(0), id);
        var options = lines.Skip(start + 1).TakeWhile(l => l.StartsWith("option ", StringComparison.Ordinal)).ToList();
        Assert.That(options, Has.Some.EqualTo(option));
    }
}
