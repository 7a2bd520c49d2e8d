namespace AssetForge.Core.Plugins;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.PostProcessing;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Diagnostics;

/// <summary>
/// The components of the loaded plugins, with lookups by id: schedulers by id or alias
/// (case-insensitive), model backends by id or by the built-in models they write. When two plugins
/// offer one id, the first loaded wins (and a warning says so).
/// </summary>
public sealed class PluginCatalog : IDisposable
{
    private readonly Dictionary<string, ISchedulerFactory> _schedulersByName;
    private readonly Dictionary<IPluginComponent, string> _pluginNames;
    private readonly IReadOnlyList<IDisposable> _loaders;

    internal PluginCatalog(
        IReadOnlyList<ISchedulerFactory> schedulers,
        IReadOnlyList<IModelBackend> backends,
        Dictionary<IPluginComponent, string> pluginNames,
        PluginReport report,
        IReadOnlyList<Diagnostic> diagnostics,
        IReadOnlyList<IDisposable> loaders)
    {
        Schedulers = schedulers;
        Backends = backends;
        _pluginNames = pluginNames;
        Report = report;
        Diagnostics = diagnostics;
        _loaders = loaders;
        _schedulersByName = new Dictionary<string, ISchedulerFactory>(StringComparer.OrdinalIgnoreCase);
        foreach (var scheduler in schedulers)
        {
            _schedulersByName.TryAdd(scheduler.Id, scheduler);
        }

        // Ids take precedence over aliases, whatever the load order.
        foreach (var scheduler in schedulers)
        {
            foreach (var alias in scheduler.Aliases)
            {
                _schedulersByName.TryAdd(alias, scheduler);
            }
        }
    }

    /// <summary>The schedulers, in load order, one per id.</summary>
    public IReadOnlyList<ISchedulerFactory> Schedulers { get; }

    /// <summary>The model backends, in load order, one per id.</summary>
    public IReadOnlyList<IModelBackend> Backends { get; }

    /// <summary>The post steps, in load order, one per id.</summary>
    public IReadOnlyList<IPostStep> PostSteps { get; init; } = [];

    /// <summary>Finds a post step by id (exact, lower-case).</summary>
    public IPostStep? FindPostStep(string id)
    {
        foreach (var step in PostSteps)
        {
            if (string.Equals(step.Id, id, StringComparison.Ordinal))
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>What was loaded and what failed.</summary>
    public PluginReport Report { get; }

    /// <summary>Warnings about failed plugins and duplicate ids.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Every name a spec may use for a scheduler: ids and aliases.</summary>
    public IReadOnlyCollection<string> SchedulerNames => _schedulersByName.Keys;

    /// <summary>Finds a scheduler by id or alias, case-insensitively.</summary>
    public bool TryGetScheduler(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ISchedulerFactory? scheduler) =>
        _schedulersByName.TryGetValue(name, out scheduler);

    /// <summary>The backend that writes built-in model <paramref name="name"/> (as in <c>builtin:NAME</c>), or null.</summary>
    public IModelBackend? FindBuiltinModelBackend(string name)
    {
        foreach (var backend in Backends)
        {
            foreach (var builtin in backend.BuiltinModels)
            {
                if (string.Equals(builtin, name, StringComparison.OrdinalIgnoreCase))
                {
                    return backend;
                }
            }
        }

        return null;
    }

    /// <summary>The name of the plugin (folder) a component came from, for messages.</summary>
    public string PluginNameOf(IPluginComponent component) =>
        _pluginNames.TryGetValue(component, out var name) ? name : component.GetType().Assembly.GetName().Name ?? component.Id;

    /// <summary>Releases the plugin loaders.</summary>
    public void Dispose()
    {
        foreach (var loader in _loaders)
        {
            loader.Dispose();
        }
    }
}
