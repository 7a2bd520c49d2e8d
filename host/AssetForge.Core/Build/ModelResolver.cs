namespace AssetForge.Core.Build;

using System.Text.Json;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;
using AssetForge.Core.NoOp;
using AssetForge.Core.Plugins;
using AssetForge.Core.Specs;

/// <summary>
/// Resolves model names to folders, backends and fingerprints, once per name per build. Built-in
/// models (<c>builtin:NAME</c>) are written by their backend into <c>&lt;cache&gt;/models</c> first.
/// </summary>
/// <remarks>
/// A configured model runs on the first loaded backend; choosing a backend per model in
/// assetforge.yaml is left for when a second backend exists.
/// </remarks>
internal sealed class ModelResolver
{
    /// <summary>The prefix of built-in model names.</summary>
    public const string BuiltinPrefix = "builtin:";

    private readonly ProjectConfig _config;
    private readonly PluginCatalog _catalog;
    private readonly ModelFingerprinter _fingerprinter;
    private readonly ContentStore _store;
    private readonly Dictionary<string, (ResolvedModel? Model, string? Code, string? Error)> _resolved = new(StringComparer.Ordinal);

    public ModelResolver(ProjectConfig config, PluginCatalog catalog, ModelFingerprinter fingerprinter)
    {
        _config = config;
        _catalog = catalog;
        _fingerprinter = fingerprinter;
        _store = new ContentStore(config.CacheDirectory);
    }

    /// <summary>
    /// Resolves <paramref name="name"/>, on failure returning null and a diagnostic code and message, with <paramref name="extraLoras"/> (a spec's or the defaults')
    /// merged after the model entry's own LoRAs: each distinct list is its own compiled model.
    /// </summary>
    public async Task<(ResolvedModel? Model, string? Code, string? Error)> ResolveAsync(string name, IReadOnlyList<CheckpointLora> extraLoras, CancellationToken cancellationToken)
    {
        var key = extraLoras.Count == 0 ? name : ResolutionKey(name, extraLoras);
        if (!_resolved.TryGetValue(key, out var result))
        {
            result = await ResolveUncachedAsync(name, extraLoras, cancellationToken).ConfigureAwait(false);
            _resolved[key] = result;
        }

        return result;
    }

    private static string ResolutionKey(string name, IReadOnlyList<CheckpointLora> extraLoras)
    {
        var items = new List<string>(extraLoras.Count + 1) { CanonicalJson.String(name) };
        foreach (var lora in extraLoras)
        {
            items.Add(CanonicalJson.Array([CanonicalJson.String(lora.Path), CanonicalJson.Number(lora.Scale)]));
        }

        return CanonicalJson.Array(items);
    }

    private async Task<(ResolvedModel? Model, string? Code, string? Error)> ResolveUncachedAsync(string name, IReadOnlyList<CheckpointLora> extraLoras, CancellationToken cancellationToken)
    {
        IModelBackend backend;
        string directory;
        if (name.StartsWith(BuiltinPrefix, StringComparison.Ordinal))
        {
            var builtin = name[BuiltinPrefix.Length..];
            var owner = _catalog.FindBuiltinModelBackend(builtin);
            if (owner is null)
            {
                return (null, EngineCodes.ModelUnavailable, $"No loaded model backend provides the built-in model '{name}'.");
            }

            backend = owner;
            try
            {
                directory = backend.EnsureBuiltinModel(builtin, Path.Combine(_config.CacheDirectory, "models"), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (PluginException e)
            {
                return (null, e.Code, e.Message);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return (null, EngineCodes.PluginCrashed, $"Plugin '{_catalog.PluginNameOf(backend)}' failed to write the built-in model '{name}': {e.GetType().Name}: {e.Message}");
            }
        }
        else if (_config.Models.TryGetValue(name, out var configured))
        {
            if (_catalog.Backends.Count == 0)
            {
                return (null, EngineCodes.ModelUnavailable, $"No model backend plugin is loaded, so model '{name}' cannot run.");
            }

            backend = _catalog.Backends[0];
            directory = configured;
        }
        else
        {
            return (null, EngineCodes.ModelUnavailable, $"The model '{name}' is not configured in {ProjectConfigLoader.FileName}.");
        }

        directory = Path.GetFullPath(directory);
        InputFileLog.NoteFile(directory);
        if (!Directory.Exists(directory) && !(File.Exists(directory) && backend is ICheckpointCompiler))
        {
            return (null, EngineCodes.ModelUnavailable, $"The folder of model '{name}' does not exist: {directory}");
        }

        ModelCompilation? compilation;
        string? schedulerJson;
        string schedulerConfigPath;
        try
        {
            IReadOnlyList<CheckpointLora> loras = _config.ModelLoras.TryGetValue(name, out var configuredLoras) ? [.. configuredLoras, .. extraLoras] : extraLoras;
            var precision = _config.ModelPrecisions.TryGetValue(name, out var configuredPrecision) ? configuredPrecision : "fp32";
            compilation = await CheckpointCompilation.PlanAsync(name, backend, directory, loras, precision, _fingerprinter, _store, cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                schedulerConfigPath = Path.Combine(directory, "scheduler", "scheduler_config.json");
                InputFileLog.NoteFile(schedulerConfigPath);
                schedulerJson = File.Exists(schedulerConfigPath) ? await File.ReadAllTextAsync(schedulerConfigPath, cancellationToken).ConfigureAwait(false) : null;
            }
            else
            {
                // Read from the source, not from a compiled folder: the compile is a node of the graph
                // that has not run yet (and need not run at all). Its files are the source's, so
                // the no-op check already watches them.
                schedulerConfigPath = directory;
                schedulerJson = compilation.Compiler.SchedulerConfigJson(directory);
            }
        }
        catch (PluginException e)
        {
            return (null, e.Code, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            return (null, EngineCodes.PluginCrashed, $"Plugin '{_catalog.PluginNameOf(backend)}' failed to read model '{name}': {e.GetType().Name}: {e.Message}");
        }

        SchedulerConfig schedulerConfig = SchedulerConfig.Empty;
        if (schedulerJson is not null)
        {
            try
            {
                schedulerConfig = SchedulerConfig.Parse(schedulerJson);
            }
            catch (JsonException e)
            {
                return (null, EngineCodes.BadModelSchedulerConfig, $"The scheduler config of model '{name}' ({schedulerConfigPath}) is not a JSON object: {e.Message}");
            }
        }

        // An explicit prediction_type on the model entry wins over the folder's (an SD 2.x 768 file whose
        // config says nothing, an export with a wrong one); it is part of the resolved scheduler config, so of every key.
        if (_config.ModelPredictionTypes.TryGetValue(name, out var predictionType))
        {
            using var value = JsonDocument.Parse(JsonSerializer.Serialize(predictionType));
            schedulerConfig = schedulerConfig.With([new KeyValuePair<string, JsonElement>("prediction_type", value.RootElement.Clone())]);
        }

        if (compilation is not null)
        {
            // The generations' keys follow from the compile node's key, as a node's key from its inputs' keys.
            return (new ResolvedModel(name, compilation.Folder, backend, compilation.Key.Hex, schedulerConfig, compilation), null, null);
        }

        var fingerprint = await _fingerprinter.FingerprintAsync(directory, cancellationToken).ConfigureAwait(false);
        return (new ResolvedModel(name, directory, backend, fingerprint, schedulerConfig), null, null);
    }
}
