namespace AssetForge.Core.Tests.Caching.Remote;

using System.Reflection;
using AssetForge.Core.Tests.Build;

/// <summary>
/// A compiled checkpoint is a node output like any other, so the team cache (a real nginx with
/// WebDAV, the Bazel HTTP protocol) serves it: a second machine copies it in instead of compiling.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Slow")]
public sealed class CompiledModelRemoteCacheTests
{
    private static readonly string Sd1 = Path.Combine(
        typeof(CompiledModelRemoteCacheTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "tests", "reference", "checkpoints", "sd1");

    private NginxServer _nginx = null!;

    [SetUp]
    public void StartNginx() => _nginx = NginxServer.StartOrIgnore();

    [TearDown]
    public void StopNginx() => _nginx?.Dispose();

    [Test]
    public async Task A_machine_with_an_empty_local_cache_downloads_the_compiled_model_instead_of_compiling()
    {
        using var first = Project("red potion");
        using var second = Project("red potion, glowing");

        var compiled = await first.BuildAsync();
        var fetched = await second.BuildAsync();

        Assert.That((compiled.ModelsCompiled, compiled.Generated, compiled.ExitCode), Is.EqualTo((1, 1, 0)), () => string.Join('\n', compiled.Diagnostics));
        Assert.That((fetched.ModelsCompiled, fetched.ModelsDownloaded, fetched.Generated, fetched.ExitCode), Is.EqualTo((0, 1, 1, 0)), () => string.Join('\n', fetched.Diagnostics));
        var copy = Directory.GetDirectories(second.Path(".assetforge/cache/models"), "compiled-*").Single();
        Assert.That(File.Exists(Path.Combine(copy, "unet", "model.onnx")), Is.True);
    }

    private EngineProject Project(string prompt)
    {
        var project = new EngineProject($"""
            models:
              sd1: {Sd1}
            defaults:
              model: sd1
              width: 16
              height: 16
              steps: 2
              scheduler: euler
            remote_cache:
              url: {_nginx.Url}
            """);
        project.Write("a.yaml", EngineProject.Spec("a", prompt));
        return project;
    }
}
