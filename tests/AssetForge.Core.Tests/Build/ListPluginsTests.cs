namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;
using AssetForge.Core.Tests.Caching;
using AssetForge.Core.Tests.Plugins;
using Microsoft.Extensions.Logging.Abstractions;

public sealed class ListPluginsTests
{
    [Test]
    public void Listing_plugins_includes_a_projects_plugin_folders_and_their_failures()
    {
        using var project = new TemporaryDirectory();
        project.Write("assetforge.yaml", "plugins: [extra]\n");
        project.Write("extra/Broken/Broken.dll", "not an assembly");
        EmittedPlugin.Write(project.Combine("extra"), "Emitted.Listed", "listed");
        using var engine = new BuildEngine(NullLoggerFactory.Instance, [PluginCatalogLoaderTests.BuiltinPlugins]);

        var report = engine.ListPlugins(project.Path);

        Assert.That(report.Components.Select(c => c.Id), Is.SupersetOf(new[] { "euler", "onnx", "listed" }));
        Assert.That(report.Failures.Single().Reason, Does.Contain("'Broken'"));
    }

    [Test]
    public void Listing_plugins_without_a_project_shows_the_builtin_ones()
    {
        using var engine = new BuildEngine(NullLoggerFactory.Instance, [PluginCatalogLoaderTests.BuiltinPlugins]);

        var report = engine.ListPlugins(null);

        Assert.That(report.Components.Select(c => c.Kind), Is.SupersetOf(new[] { "scheduler", "model-backend" }));
        Assert.That(report.Failures, Is.Empty);
    }
}
