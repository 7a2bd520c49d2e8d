namespace AssetForge.Core.Tests.Build;

using System.Runtime.Loader;
using AssetForge.Core.Build;
using AssetForge.Core.Tests.Plugins;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// A build with nothing to do must not pay for the image and inference stacks (#14): the onnx
/// plugin loads, but neither SkiaSharp nor ONNX Runtime is loaded into its context.
/// </summary>
[Category("Slow")]
public sealed class NoOpAssemblyLoadTests
{
    private static readonly string[] HeavyAssemblies = ["SkiaSharp", "Microsoft.ML.OnnxRuntime"];

    [Test]
    public async Task A_no_op_build_in_a_fresh_engine_loads_neither_SkiaSharp_nor_OnnxRuntime()
    {
        using (var first = new EngineProject())
        {
            first.Write("specs/potion.yaml", EngineProject.Spec("potion", "red potion"));
            Assert.That((await first.BuildAsync()).Generated, Is.EqualTo(1));

            // The same project folder, opened by an engine whose plugins are loaded afresh.
            using var fresh = new BuildEngine(NullLoggerFactory.Instance, [PluginCatalogLoaderTests.BuiltinPlugins]);
            var before = new HashSet<AssemblyLoadContext>(AssemblyLoadContext.All, ReferenceEqualityComparer.Instance);

            var summary = await fresh.BuildAsync(first.Root, new BuildOptions(), new RecordingObserver(), CancellationToken.None);

            Assert.That(summary.UpToDate, Is.EqualTo(1), () => string.Join("\n", summary.Diagnostics));
            var loaded = LoadedByNewPluginContexts(before);
            Assert.That(loaded, Does.Contain("AssetForge.Onnx"), "the onnx plugin was not loaded by the fresh engine");
            Assert.That(loaded, Has.None.Matches<string>(name => Array.IndexOf(HeavyAssemblies, name) >= 0));
        }
    }

    private static List<string> LoadedByNewPluginContexts(HashSet<AssemblyLoadContext> before)
    {
        var names = new List<string>();
        foreach (var context in AssemblyLoadContext.All)
        {
            if (before.Contains(context))
            {
                continue;
            }

            foreach (var assembly in context.Assemblies)
            {
                names.Add(assembly.GetName().Name ?? string.Empty);
            }
        }

        return names;
    }
}
