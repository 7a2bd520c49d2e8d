namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Imaging;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using Microsoft.Extensions.Logging;

/// <content>Sprite sheets: atlases packed from other assets' outputs once those are built.</content>
public sealed partial class BuildEngine
{
    private sealed partial class BuildRun
    {
        private int _spriteSheetsPacked;

        /// <summary>How many sprite sheets were packed (not served from the cache).</summary>
        public int SpriteSheetsPacked => _spriteSheetsPacked;

        private async Task PackSpriteSheetsAsync(List<int> indices)
        {
            foreach (var index in indices)
            {
                if (_cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                // The atlas and its map are packed together: the second of the pair is already done.
                if (_outcomes[index] is null)
                {
                    await PackSpriteSheetAsync(index).ConfigureAwait(false);
                }
            }
        }

        private async Task PackSpriteSheetAsync(int index)
        {
            var plan = _project.Assets[index].SpriteSheet!;
            var parts = new List<int>(2);
            foreach (var id in (string[])[plan.ImageAssetId, plan.MapAssetId])
            {
                var part = IndexOf(id);
                if (part >= 0 && _outcomes[part] is null)
                {
                    parts.Add(part);
                }
            }

            // In a sharded build the atlas and its map may fall in different shards: each shard packs and stores its part.
            var imageIndex = IndexOf(plan.ImageAssetId);
            var mapIndex = IndexOf(plan.MapAssetId);
            var location = _project.Assets[index].Spec.Location;
            var first = _project.Assets[index];
            if (first.Model.Backend is not IImageToolkit toolkit)
            {
                FailAll(parts, Diagnostic.Error(ImagingCodes.NoImageToolkit, $"The model backend '{first.Model.Backend.Id}' cannot pack sprite sheets (it offers no image toolkit).", location));
                return;
            }

            var images = new List<RgbaImage>(plan.MemberIds.Count);
            try
            {
                foreach (var memberId in plan.MemberIds)
                {
                    var member = IndexOf(memberId);
                    if (member < 0 || _outputShas[member] is null)
                    {
                        FailAll(parts, Diagnostic.Error(EngineCodes.SheetPackFailed, $"The sprite sheet needs the member '{memberId}', which was not built{(_options.Shard is null ? string.Empty : " in this shard; build sprite sheets in a final build without --shard (everything else then comes from the cache)")}.", location));
                        return;
                    }

                    images.Add(toolkit.Decode(await File.ReadAllBytesAsync(_project.Assets[member].OutputPath, _cancellationToken).ConfigureAwait(false)));
                }
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (PluginException e)
            {
                FailAll(parts, Diagnostic.Error(e.Code, e.Message, location));
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                FailAll(parts, Diagnostic.Error(EngineCodes.SheetPackFailed, $"Could not read a sprite sheet member: {e.Message}", location));
                return;
            }

            var (sheet, error) = Sheets.SheetComposer.Compose(plan.MemberIds, images, plan.Layout, plan.ImageFileName, plan.ImageAssetId);
            if (sheet is null)
            {
                FailAll(parts, Diagnostic.Error(EngineCodes.SheetPackFailed, $"The sprite sheet cannot be packed: {error}.", first.Spec.LocationOf(Specs.AssetFields.Sheet)));
                return;
            }

            byte[] png;
            try
            {
                png = toolkit.EncodePng(sheet.Atlas, []);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                FailAll(parts, Diagnostic.Error(EngineCodes.PluginCrashed, $"Encoding the sprite sheet failed: {e.GetType().Name}: {e.Message}", location));
                return;
            }

            var map = sheet.Map;
            Interlocked.Increment(ref _spriteSheetsPacked);
            Logger.LogDebug("Packed sprite sheet {Sheet}: {Count} frames in {Width}x{Height}", plan.ImageAssetId, sheet.Frames.Count, sheet.Atlas.Width, sheet.Atlas.Height);
            foreach (var (part, bytes) in new[] { (imageIndex, png), (mapIndex, map) })
            {
                if (part >= 0 && _outcomes[part] is null)
                {
                    await StoreDrawnAsync(part, bytes).ConfigureAwait(false);
                }
            }
        }

        // Like a generated image: the cache first, then the output.
        private async Task StoreDrawnAsync(int index, byte[] bytes)
        {
            var asset = _project.Assets[index];
            try
            {
                var sha256 = await _store.PutBlobAsync(bytes, CancellationToken.None).ConfigureAwait(false);
                var producer = new ActionProducer("sprite-sheet " + SpriteSheetPlan.PackerVersion, string.Empty, "cpu", "rgba8", Environment.MachineName, HostVersion, ContractVersion.Text);
                var record = new ActionRecord(ActionRecord.CurrentSchema, asset.Key.Hex, [new ActionOutput(ImageOutput, sha256, bytes.LongLength)], producer, DateTimeOffset.UtcNow);
                await _store.PutActionAsync(record, CancellationToken.None).ConfigureAwait(false);
                await AtomicFile.WriteAsync(asset.OutputPath, bytes, CancellationToken.None).ConfigureAwait(false);
                Record(index, sha256);
                Finish(index, AssetOutcomeKind.Generated, []);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail(index, Diagnostic.Error(EngineCodes.WriteFailed, $"Could not store the sprite sheet: {e.Message}", asset.Spec.Location));
            }
        }

        private void FailAll(List<int> indices, Diagnostic diagnostic)
        {
            foreach (var index in indices)
            {
                Fail(index, diagnostic);
            }
        }
    }
}
