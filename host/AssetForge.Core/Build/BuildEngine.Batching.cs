namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Imaging;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Diagnostics;
using Microsoft.Extensions.Logging;

/// <content>Batched generation (variants, sweep cells) and contact sheets.</content>
public sealed partial class BuildEngine
{
    private sealed partial class BuildRun
    {
        // Consecutive assets that one model call can serve: same size, guidance, schedule and
        // img2img strength (the session shares UNet calls only between such jobs), distinct keys.
        private bool CanJoinBatch(List<int> batch, int index, IModelSession session)
        {
            if (batch.Count == 0)
            {
                return true;
            }

            var candidate = _project.Assets[index];
            if (!session.Info.DynamicBatch || batch.Count >= Math.Max(1, _options.MaxBatch) || _generated.ContainsKey(candidate.Key))
            {
                return false;
            }

            var first = _project.Assets[batch[0]];
            var a = first.Spec;
            var b = candidate.Spec;
            if (a.Width != b.Width || a.Height != b.Height || !a.Cfg.Equals(b.Cfg) || a.Steps != b.Steps || !a.Strength.Equals(b.Strength) ||
                !ReferenceEquals(first.Scheduler, candidate.Scheduler) || !first.Fields["scheduler_options"].Equals(candidate.Fields["scheduler_options"], StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var other in batch)
            {
                if (_project.Assets[other].Key == candidate.Key)
                {
                    return false;
                }
            }

            return true;
        }

        private async Task GenerateBatchAsync(List<int> batch, IModelSession? session)
        {
            if (batch.Count == 0 || session is null)
            {
                return;
            }

            if (batch.Count == 1)
            {
                await GenerateOneAsync(batch[0], session).ConfigureAwait(false);
                return;
            }

            var jobs = new ImageJob[batch.Count];
            var ids = new string[batch.Count];
            IReadOnlyList<GeneratedImage>? images;
            try
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var asset = _project.Assets[batch[i]];
                    ids[i] = asset.Spec.Id;
                    _observer.OnGenerationStarted(asset.Spec.Id, asset.Spec.Steps);
                    jobs[i] = ImageJobFactory.Create(asset, session.Info);
                }

                images = await session.GenerateAsync(jobs, new BatchStepReporter(_observer, ids), _cancellationToken).ConfigureAwait(false);
                if (images is null || images.Count != jobs.Length)
                {
                    throw new InvalidOperationException($"it returned {images?.Count ?? 0} images for {jobs.Length} jobs");
                }
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A failed batch is retried one by one, so one bad asset fails alone.
                Logger.LogDebug(e, "A batch of {Count} failed; generating its assets one at a time", batch.Count);
                foreach (var index in batch)
                {
                    await GenerateOneAsync(index, session).ConfigureAwait(false);
                }

                return;
            }

            Logger.LogDebug("Generated {Count} images in one batch: {Ids}", batch.Count, string.Join(", ", ids));
            for (var i = 0; i < batch.Count; i++)
            {
                if (images[i] is not { Png.Length: > 0 } image)
                {
                    Fail(batch[i], Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{_project.Catalog.PluginNameOf(_project.Assets[batch[i]].Model.Backend)}' returned no image for this asset.", _project.Assets[batch[i]].Spec.Location));
                    continue;
                }

                if (image.Timings is { } timings)
                {
                    _observer.OnGenerationTimed(ids[i], timings);
                }

                await StoreGeneratedAsync(batch[i], image.Png, session.Info.ExecutionProvider, session.Info.Precision).ConfigureAwait(false);
            }
        }

        private async Task DrawSheetsAsync(List<int> sheets)
        {
            foreach (var index in sheets)
            {
                if (_cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                await DrawSheetAsync(index).ConfigureAwait(false);
            }
        }

        private async Task DrawSheetAsync(int index)
        {
            var asset = _project.Assets[index];
            var sheet = asset.Sheet!;
            var cells = new List<byte[]>(sheet.CellIds.Count);
            foreach (var cellId in sheet.CellIds)
            {
                var cellIndex = IndexOf(cellId);
                if (cellIndex < 0 || _outputShas[cellIndex] is null)
                {
                    Fail(index, Diagnostic.Error(ImagingCodes.SheetCellFailed, $"The contact sheet needs the cell '{cellId}', which was not built.", asset.Spec.Location));
                    return;
                }

                cells.Add(await File.ReadAllBytesAsync(_project.Assets[cellIndex].OutputPath, _cancellationToken).ConfigureAwait(false));
            }

            if (asset.Model.Backend is not IImageToolkit toolkit)
            {
                Fail(index, Diagnostic.Error(ImagingCodes.NoImageToolkit, $"The model backend '{asset.Model.Backend.Id}' cannot draw contact sheets (it offers no image toolkit).", asset.Spec.Location));
                return;
            }

            _observer.OnGenerationStarted(asset.Spec.Id, 1);
            byte[] png;
            try
            {
                png = toolkit.RenderContactSheet(new ContactSheetRequest(sheet.Title, sheet.ColumnAxis, sheet.ColumnLabels, sheet.RowAxis, sheet.RowLabels, cells)
                {
                    PngText = ImageJobFactory.MetadataOf(asset),
                });
            }
            catch (PluginException e)
            {
                Fail(index, Diagnostic.Error(e.Code, e.Message, asset.Spec.Location));
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Fail(index, Diagnostic.Error(EngineCodes.PluginCrashed, $"Drawing the contact sheet failed: {e.GetType().Name}: {e.Message}", asset.Spec.Location));
                return;
            }

            await StoreGeneratedAsync(index, png, "cpu", "rgba8").ConfigureAwait(false);
        }

        private int IndexOf(string assetId)
        {
            for (var i = 0; i < _project.Assets.Count; i++)
            {
                if (_project.Assets[i].Spec.Id == assetId)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
