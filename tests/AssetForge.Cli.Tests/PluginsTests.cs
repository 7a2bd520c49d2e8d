namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary><c>assetforge plugins</c> shows what the built-in plugin folders contribute.</summary>
public sealed class PluginsTests
{
    [TestCase("scheduler", "euler")]
    [TestCase("scheduler", "ddim")]
    [TestCase("model-backend", "onnx")]
    public async Task Plugins_lists_a_builtin_component(string kind, string id)
    {
        using var project = TestProject.Create();

        var result = await project.RunAsync("plugins");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
        Assert.That(result.OutputLines, Has.Some.Matches($@"^{kind}\s+{id}\s+\d+\.\d+\.\d+\s+plugin: "));
    }

    [Test]
    public async Task A_plugin_that_fails_to_load_is_reported_in_one_line()
    {
        using var project = TestProject.Create();
        project.Write("assetforge.yaml", TestProject.Config + "\nplugins: [extra]\n");
        project.Write("extra/Broken/Broken.dll", "MZ this is not an assembly");
        project.Write("icons/potion.yaml", TestProject.Spec("red potion", seed: 1, output: "icons/potion.png"));

        var result = await project.RunAsync("build");

        Assert.That(result.ErrorLines.Where(line => line.Contains("Broken", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1).And.Some.Contains("AF3100"));
    }
}
