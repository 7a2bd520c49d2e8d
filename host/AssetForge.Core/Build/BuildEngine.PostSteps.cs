namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using Microsoft.Extensions.Logging;

/// <content>Post steps: each stage of an asset's <c>post:</c> chain is an action of its own in the cache.</content>
public sealed partial class BuildEngine
{
    private sealed partial class BuildRun
    {
        private int _postStagesRun;

        /// <summary>How many post stages ran (were not served from the cache).</summary>
        public int PostStagesRun => Volatile.Read(ref _postStagesRun);

        /// <summary>
        /// For an asset with post steps whose final stage is not cached: serves it from the latest
        /// cached stage (or the cached generation), running only the stages after it.
        /// </summary>
        /// <returns>True when the asset is finished (built or failed); false when it must be generated.</returns>
        private async Task<bool> TryFinishFromCachedStageAsync(int index)
        {
            var asset = _project.Assets[index];
            if (asset.PostStages.Count == 0 || _options.Force)
            {
                return false;
            }

            for (var first = asset.PostStages.Count - 1; first >= 0; first--)
            {
                var input = await TryReadActionOutputAsync(asset.PostStages[first].InputKey).ConfigureAwait(false);
                if (input is null)
                {
                    continue;
                }

                Logger.LogDebug("{Asset}: running post stages {First}..{Last} from the cache", asset.Spec.Id, first + 1, asset.PostStages.Count);
                if (await RunPostStagesAsync(index, input, first).ConfigureAwait(false) is { } final)
                {
                    await WriteFinalAsync(index, final, AssetOutcomeKind.FromCache).ConfigureAwait(false);
                }

                return true;
            }

            return false;
        }

        private async Task<byte[]?> TryReadActionOutputAsync(Hashing.ActionKey key)
        {
            var action = _store.TryGetAction(key, _sink.Report);
            if (action?.Output(ImageOutput) is not { } output || !_store.HasBlob(output.Sha256, output.Size))
            {
                return null;
            }

            return await _store.TryReadBlobAsync(output.Sha256, _sink.Report, _cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Runs stages <paramref name="first"/>.. on <paramref name="input"/>, each served from the cache when it is there, else applied and stored.</summary>
        /// <returns>The last stage's bytes, or null when a stage failed (the asset is then failed) or the build was cancelled.</returns>
        private async Task<byte[]?> RunPostStagesAsync(int index, byte[] input, int first)
        {
            var asset = _project.Assets[index];
            var bytes = input;
            for (var i = first; i < asset.PostStages.Count; i++)
            {
                if (_cancellationToken.IsCancellationRequested)
                {
                    return null;
                }

                var stage = asset.PostStages[i];
                if (await TryReadActionOutputAsync(stage.Key).ConfigureAwait(false) is { } cached)
                {
                    bytes = cached;
                    continue;
                }

                try
                {
                    bytes = stage.Step.Apply(bytes, stage.Parameters, _cancellationToken);
                    if (bytes is not { Length: > 0 })
                    {
                        throw new InvalidOperationException("it returned no image");
                    }
                }
                catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
                {
                    return null;
                }
                catch (PluginException e)
                {
                    Fail(index, Diagnostic.Error(e.Code == Abstractions.PostProcessing.PostStepParameterException.ErrorCode ? EngineCodes.PostStepFailed : e.Code, $"Post step '{stage.Step.Id}': {e.Message}", stage.Location));
                    return null;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Logger.LogDebug(e, "Post step {Step} of {Asset} failed", stage.Step.Id, asset.Spec.Id);
                    Fail(index, Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{_project.Catalog.PluginNameOf(stage.Step)}' failed in post step '{stage.Step.Id}': {e.GetType().Name}: {e.Message}", stage.Location));
                    return null;
                }

                Interlocked.Increment(ref _postStagesRun);
                try
                {
                    var sha256 = await _store.PutBlobAsync(bytes, CancellationToken.None).ConfigureAwait(false);
                    var producer = new ActionProducer(
                        $"{stage.Step.Id} {stage.Step.Version}",
                        string.Empty,
                        "cpu",
                        "rgba8",
                        Environment.MachineName,
                        HostVersion,
                        ContractVersion.Text);
                    var record = new ActionRecord(ActionRecord.CurrentSchema, stage.Key.Hex, [new ActionOutput(ImageOutput, sha256, bytes.LongLength)], producer, DateTimeOffset.UtcNow);
                    await _store.PutActionAsync(record, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Fail(index, Diagnostic.Error(EngineCodes.WriteFailed, $"Could not store post stage '{stage.Step.Id}': {e.Message}", stage.Location));
                    return null;
                }
            }

            return bytes;
        }

        /// <summary>Writes the asset's final bytes (already in the cache) to its output and finishes it.</summary>
        private async Task WriteFinalAsync(int index, byte[] final, AssetOutcomeKind kind)
        {
            var asset = _project.Assets[index];
            try
            {
                var sha256 = Hashing.ContentHash.Of(final);
                await AtomicFile.WriteAsync(asset.OutputPath, final, CancellationToken.None).ConfigureAwait(false);
                _generated[asset.Key] = (sha256, final.LongLength);
                Record(index, sha256);
                Finish(index, kind, []);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail(index, Diagnostic.Error(EngineCodes.WriteFailed, $"Could not write {asset.OutputPath}: {e.Message}", asset.Spec.Location));
            }
        }
    }
}
