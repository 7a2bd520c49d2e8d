namespace AssetForge.Core.Actions;

using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.PostProcessing;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Execution;
using AssetForge.Core.Plugins;
using Microsoft.Extensions.Logging;

/// <summary>Runs post stage nodes: the plugin's step on the one input image.</summary>
internal sealed class PostStepRunner : INodeRunner
{
    private readonly PluginCatalog _catalog;
    private readonly ILogger _logger;

    public PostStepRunner(PluginCatalog catalog, ILogger logger)
    {
        _catalog = catalog;
        _logger = logger;
    }

    public async Task RunAsync(IReadOnlyList<NodeRun> runs, Func<NodeRun, NodeRunResult, Task> completed, CancellationToken cancellationToken)
    {
        foreach (var run in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await completed(run, Apply(run, cancellationToken)).ConfigureAwait(false);
        }
    }

    private NodeRunResult Apply(NodeRun run, CancellationToken cancellationToken)
    {
        var stage = ((PostStepWork)run.Node.Work).Stage;
        byte[] bytes;
        try
        {
            bytes = stage.Step.Apply(run.Inputs[0], stage.Parameters, cancellationToken);
            if (bytes is not { Length: > 0 })
            {
                throw new InvalidOperationException("it returned no image");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (PluginException e)
        {
            // A parameter the step accepted but its input cannot take (a crop larger than the image) is the step failing, not a spec error.
            var code = e.Code == PostStepParameterException.ErrorCode ? EngineCodes.PostStepFailed : e.Code;
            return NodeRunResult.Failed(Diagnostic.Error(code, $"Post step '{stage.Step.Id}': {e.Message}", stage.Location));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogDebug(e, "Post step {Step} of {Asset} failed", stage.Step.Id, run.Node.Label);
            return NodeRunResult.Failed(Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{_catalog.PluginNameOf(stage.Step)}' failed in post step '{stage.Step.Id}': {e.GetType().Name}: {e.Message}", stage.Location));
        }

        var producer = new ActionProducer($"{stage.Step.Id} {stage.Step.Version}", string.Empty, "cpu", "rgba8", Environment.MachineName, BuildEngine.HostVersion, ContractVersion.Text);
        return NodeRunResult.Produced(producer, new KeyValuePair<string, byte[]>(ActionRecord.ImageOutput, bytes));
    }
}
