namespace AssetForge.Core.Actions;

using AssetForge.Abstractions.Imaging;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Execution;

/// <summary>Runs contact sheet nodes: the backend's image toolkit draws the cells (its inputs) as an X/Y grid with labels.</summary>
internal sealed class ContactSheetRunner : INodeRunner
{
    public async Task RunAsync(IReadOnlyList<NodeRun> runs, Func<NodeRun, NodeRunResult, Task> completed, CancellationToken cancellationToken)
    {
        foreach (var run in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await completed(run, Draw(run)).ConfigureAwait(false);
        }
    }

    private static NodeRunResult Draw(NodeRun run)
    {
        var asset = ((ContactSheetWork)run.Node.Work).Sheet;
        var sheet = asset.Sheet!;
        if (asset.Model.Backend is not IImageToolkit toolkit)
        {
            return NodeRunResult.Failed(Diagnostic.Error(ImagingCodes.NoImageToolkit, $"The model backend '{asset.Model.Backend.Id}' cannot draw contact sheets (it offers no image toolkit).", run.Node.Location));
        }

        byte[] png;
        try
        {
            png = toolkit.RenderContactSheet(new ContactSheetRequest(sheet.Title, sheet.ColumnAxis, sheet.ColumnLabels, sheet.RowAxis, sheet.RowLabels, run.Inputs)
            {
                PngText = ImageJobFactory.MetadataOf(asset),
            });
        }
        catch (PluginException e)
        {
            return NodeRunResult.Failed(Diagnostic.Error(e.Code, e.Message, run.Node.Location));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return NodeRunResult.Failed(Diagnostic.Error(EngineCodes.PluginCrashed, $"Drawing the contact sheet failed: {e.GetType().Name}: {e.Message}", run.Node.Location));
        }

        var producer = new ActionProducer("contact-sheet " + ContactSheetPlan.LayoutVersion, string.Empty, "cpu", "rgba8", Environment.MachineName, BuildEngine.HostVersion, ContractVersion.Text);
        return NodeRunResult.Produced(producer, new KeyValuePair<string, byte[]>(ActionRecord.ImageOutput, png));
    }
}
