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
}
