namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>Bad usage exits with 2 and says why; help exits with 0.</summary>
public sealed class UsageTests
{
    [TestCase("frobnicate")]
    [TestCase("build", "--no-such-option")]
    [TestCase("build", "--jobs", "0")]
    [TestCase("build", "--execution-provider", "warp")]
    [TestCase("build", "--verbosity", "loud")]
    [TestCase("build", "one", "two")]
    public async Task Bad_usage_exits_with_2_and_an_error_line(params string[] args)
    {
        var result = await Cli.RunAsync(Path.GetTempPath(), args);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.ErrorLines, Has.Some.StartsWith("assetforge: error AF0001: "));
    }

    [Test]
    public async Task No_verb_exits_with_2()
    {
        var result = await Cli.RunAsync(Path.GetTempPath());

        Assert.That(result.ExitCode, Is.EqualTo(2));
    }

    [TestCase("build")]
    [TestCase("status")]
    [TestCase("clean")]
    [TestCase("plugins")]
    public async Task A_project_folder_that_does_not_exist_exits_with_2(string verb)
    {
        var missing = Path.Combine(Path.GetTempPath(), "assetforge-no-such-project-" + Guid.NewGuid().ToString("N"));

        var result = await Cli.RunAsync(Path.GetTempPath(), verb, missing);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.ErrorLines, Has.Some.StartsWith("assetforge: error AF0002: "));
    }

    [Test]
    public async Task Help_lists_every_verb_and_exits_with_0()
    {
        var result = await Cli.RunAsync(Path.GetTempPath(), "--help");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.StandardOutput, Does.Contain("build").And.Contain("status").And.Contain("clean").And.Contain("plugins"));
    }
}
