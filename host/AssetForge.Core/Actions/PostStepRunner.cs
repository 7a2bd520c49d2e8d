namespace AssetForge.Core.Actions;

using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.PostProcessing;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Execution;
using AssetForge.Core.Plugins;
using Microsoft.Extensions.Logging;

/// <summary>Runs post stage nodes: the plugin's step on the one input image, storing the image and any named extra outputs under the stage's key.</summary>
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
        var input = run.Inputs[0];
        var outputs = new List<KeyValuePair<string, byte[]>>(1 + stage.Extras.Count);
        try
        {
            if (stage.Step is IExtraOutputPostStep extraStep)
            {
                var result = extraStep.ApplyWithExtras(input, stage.Parameters, cancellationToken)
                    ?? throw new InvalidOperationException("it returned no result");

                // A pass-through stage's image is its input by definition, whatever the plugin hands back.
                outputs.Add(new(ActionRecord.ImageOutput, stage.PassesImageThrough ? input : RequireImage(result.Image, "image")));
                foreach (var extra in stage.Extras)
                {
                    outputs.Add(new(extra.Name, RequireImage(result.Extras?.GetValueOrDefault(extra.Name), extra.Name)));
                }
            }
            else
            {
                outputs.Add(new(ActionRecord.ImageOutput, RequireImage(stage.Step.Apply(input, stage.Parameters, cancellationToken), "image")));
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
        return NodeRunResult.Produced(producer, outputs);
    }

    private static byte[] RequireImage(byte[]? bytes, string name) =>
        bytes is { Length: > 0 } ? bytes : throw new InvalidOperationException($"it returned no '{name}' output");
}
