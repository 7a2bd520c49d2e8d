namespace AssetForge.Core.Actions;

using AssetForge.Abstractions.Imaging;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Execution;
using AssetForge.Core.Specs;
using Microsoft.Extensions.Logging;

/// <summary>Runs sprite sheet nodes: packs the members (its inputs, in frame order) into the atlas PNG and writes its map, both outputs of one node.</summary>
internal sealed class SpriteSheetRunner : INodeRunner
{
    private readonly ILogger _logger;

    public SpriteSheetRunner(ILogger logger) => _logger = logger;

    public async Task RunAsync(IReadOnlyList<NodeRun> runs, Func<NodeRun, NodeRunResult, Task> completed, CancellationToken cancellationToken)
    {
        foreach (var run in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await completed(run, Pack(run)).ConfigureAwait(false);
        }
    }

    private NodeRunResult Pack(NodeRun run)
    {
        var asset = ((SpriteSheetWork)run.Node.Work).Sheet;
        var plan = asset.SpriteSheet!;
        var location = run.Node.Location;
        if (asset.Model.Backend is not IImageToolkit toolkit)
        {
            return NodeRunResult.Failed(Diagnostic.Error(ImagingCodes.NoImageToolkit, $"The model backend '{asset.Model.Backend.Id}' cannot pack sprite sheets (it offers no image toolkit).", location));
        }

        var images = new List<RgbaImage>(run.Inputs.Count);
        try
        {
            foreach (var member in run.Inputs)
            {
                images.Add(toolkit.Decode(member));
            }
        }
        catch (PluginException e)
        {
            return NodeRunResult.Failed(Diagnostic.Error(e.Code, e.Message, location));
        }

        var (sheet, error) = Sheets.SheetComposer.Compose(plan.MemberIds, images, plan.Layout, plan.ImageFileName, plan.ImageAssetId);
        if (sheet is null)
        {
            return NodeRunResult.Failed(Diagnostic.Error(EngineCodes.SheetPackFailed, $"The sprite sheet cannot be packed: {error}.", asset.Spec.LocationOf(AssetFields.Sheet)));
        }

        byte[] png;
        try
        {
            png = toolkit.EncodePng(sheet.Atlas, []);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return NodeRunResult.Failed(Diagnostic.Error(EngineCodes.PluginCrashed, $"Encoding the sprite sheet failed: {e.GetType().Name}: {e.Message}", location));
        }

        var map = sheet.Map;
        _logger.LogDebug("Packed sprite sheet {Sheet}: {Count} frames in {Width}x{Height}", plan.ImageAssetId, sheet.Frames.Count, sheet.Atlas.Width, sheet.Atlas.Height);
        var producer = new ActionProducer("sprite-sheet " + SpriteSheetPlan.PackerVersion, string.Empty, "cpu", "rgba8", Environment.MachineName, BuildEngine.HostVersion, ContractVersion.Text);
        return NodeRunResult.Produced(
            producer,
            new KeyValuePair<string, byte[]>(SpriteSheetWork.AtlasOutput, png),
            new KeyValuePair<string, byte[]>(SpriteSheetWork.MapOutput, map));
    }
}
