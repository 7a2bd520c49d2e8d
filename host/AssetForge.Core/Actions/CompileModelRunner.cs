namespace AssetForge.Core.Actions;

using System.Diagnostics;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Execution;
using AssetForge.Core.Plugins;
using Microsoft.Extensions.Logging;

/// <summary>
/// Runs compile-model nodes: the backend's compiler writes the checkpoint (LoRAs merged, in its
/// precision) into a scratch folder under the cache, which the executor then keeps in the store
/// and materialises. One compile at a time: a compile peaks at about 2.5 times the model's size in
/// memory. A bad checkpoint fails its node, and so only the generations that use that model.
/// </summary>
internal sealed class CompileModelRunner : INodeRunner
{
    private readonly PluginCatalog _catalog;
    private readonly string _scratchDirectory;
    private readonly ILogger _logger;
    private readonly IBuildObserver _observer;

    /// <param name="catalog">The loaded plugins (to name one that crashes).</param>
    /// <param name="cacheDirectory">The cache folder; scratch folders go in its <c>models/</c>, beside the materialised models, so the final move is a rename.</param>
    /// <param name="logger">The engine's log: one line per compile, with its time.</param>
    /// <param name="observer">Told of each compile, with its time.</param>
    public CompileModelRunner(PluginCatalog catalog, string cacheDirectory, ILogger logger, IBuildObserver observer)
    {
        _observer = observer;
        _catalog = catalog;
        _scratchDirectory = Path.Combine(cacheDirectory, "models");
        _logger = logger;
    }

    /// <summary>Milliseconds spent compiling, over every node this runner ran.</summary>
    public long CompileMilliseconds { get; private set; }

    public async Task RunAsync(IReadOnlyList<NodeRun> runs, Func<NodeRun, NodeRunResult, Task> completed, CancellationToken cancellationToken)
    {
        foreach (var run in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var compilation = ((CompileModelWork)run.Node.Work).Compilation;
            var scratch = Path.Combine(_scratchDirectory, ".compiling-" + Guid.NewGuid().ToString("N"));
            try
            {
                _logger.LogInformation("Compiling model {Model} ({Source}, {Precision}, {Loras} LoRAs; key {Key})", compilation.ModelName, compilation.Source, compilation.Precision, compilation.Loras.Count, run.Node.Key.Hex[..12]);
                var clock = Stopwatch.StartNew();
                var result = await Task.Run(() => Compile(compilation, scratch, run, cancellationToken), cancellationToken).ConfigureAwait(false);
                CompileMilliseconds += clock.ElapsedMilliseconds;
                if (result.Folder is not null)
                {
                    _logger.LogInformation("Compiled model {Model} in {Seconds:F1} s", compilation.ModelName, clock.Elapsed.TotalSeconds);
                    _observer.OnModelCompiled(compilation.ModelName, run.Node.Key.Hex, fromRemoteCache: false, clock.Elapsed);
                }

                await completed(run, result).ConfigureAwait(false);
            }
            finally
            {
                if (Directory.Exists(scratch))
                {
                    Directory.Delete(scratch, recursive: true);
                }
            }
        }
    }

    private NodeRunResult Compile(ModelCompilation compilation, string scratch, NodeRun run, CancellationToken cancellationToken)
    {
        try
        {
            // A compiler built against contract 1.2 or 1.3 has only the fp32 overload.
            var folder = compilation.Precision == "fp32"
                ? compilation.Compiler.EnsureCompiled(compilation.Source, compilation.SourceFingerprint, compilation.Loras, scratch, cancellationToken)
                : compilation.Compiler.EnsureCompiled(compilation.Source, compilation.SourceFingerprint, compilation.Loras, compilation.Precision, scratch, cancellationToken);
            var backend = compilation.Backend;
            var producer = new ActionProducer($"{backend.Id} {backend.Version}", string.Empty, "cpu", compilation.Precision, Environment.MachineName, BuildEngine.HostVersion, ContractVersion.Text);
            return NodeRunResult.ProducedFolder(producer, folder);
        }
        catch (PluginException e)
        {
            return NodeRunResult.Failed(Diagnostic.Error(e.Code, e.Message, run.Node.Location));
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            _logger.LogDebug(e, "Compiling model {Model} failed", compilation.ModelName);
            return NodeRunResult.Failed(Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{_catalog.PluginNameOf(compilation.Backend)}' failed to compile model '{compilation.ModelName}': {e.GetType().Name}: {e.Message}", run.Node.Location));
        }
    }
}
