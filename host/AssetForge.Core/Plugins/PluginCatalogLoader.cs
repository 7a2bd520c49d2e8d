namespace AssetForge.Core.Plugins;

using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.PostProcessing;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Diagnostics;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;

/// <summary>
/// Discovers and loads plugins (DESIGN §7). A plugin is a folder <c>NAME/</c> holding
/// <c>NAME.dll</c> and its dependencies; each loads into its own load context where only
/// AssetForge.Abstractions is shared with the host. A plugin that cannot load, targets another
/// contract version, contributes nothing or throws while being created is reported with a
/// one-sentence reason and skipped: it never takes the build down.
/// </summary>
public static class PluginCatalogLoader
{
    /// <summary>A plugin failed to load (warning: the build goes on without it).</summary>
    public const string LoadFailedCode = "AF3100";

    /// <summary>Two plugins offer the same component id (warning: the first wins).</summary>
    public const string DuplicateIdCode = "AF3101";

    private const string AbstractionsAssemblyName = "AssetForge.Abstractions";

    // The contract types plugins implement or consume; their assembly (Abstractions) is unified with the host's.
    private static readonly Type[] SharedTypes =
    [
        typeof(IPluginComponent),
        typeof(ISchedulerFactory),
        typeof(IScheduler),
        typeof(IModelBackend),
        typeof(IPostStep),
        typeof(IModelSession),
        typeof(Abstractions.Randomness.INoiseSource),
    ];

    /// <summary>Finds the plugin assemblies under <paramref name="directories"/>, in order, without loading anything.</summary>
    /// <returns>Plugin assemblies, and folders that look like plugins but hold no <c>NAME.dll</c>.</returns>
    public static (IReadOnlyList<string> Assemblies, IReadOnlyList<PluginLoadFailure> Failures) Discover(IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var assemblies = new List<string>();
        var failures = new List<PluginLoadFailure>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            var root = Path.GetFullPath(directory);
            if (!Directory.Exists(root))
            {
                continue;
            }

            // A directory may itself be one plugin folder.
            var self = Path.Combine(root, Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)) + ".dll");
            if (File.Exists(self))
            {
                if (seen.Add(self))
                {
                    assemblies.Add(self);
                }

                continue;
            }

            var folders = Directory.GetDirectories(root);
            Array.Sort(folders, StringComparer.Ordinal);
            foreach (var folder in folders)
            {
                var name = Path.GetFileName(folder);
                var assembly = Path.Combine(folder, name + ".dll");
                if (File.Exists(assembly))
                {
                    if (seen.Add(assembly))
                    {
                        assemblies.Add(assembly);
                    }
                }
                else if (Directory.EnumerateFiles(folder, "*.dll").Any())
                {
                    failures.Add(new PluginLoadFailure(folder, $"Plugin folder '{name}' holds no {name}.dll (a plugin's main assembly must be named after its folder)."));
                }
            }
        }

        return (assemblies, failures);
    }

    /// <summary>Loads every plugin under <paramref name="directories"/> (folders that do not exist are skipped).</summary>
    public static PluginCatalog Load(IEnumerable<string> directories, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var (assemblies, discoveryFailures) = Discover(directories);
        var failures = new List<PluginLoadFailure>(discoveryFailures);
        var diagnostics = new List<Diagnostic>();
        var components = new List<PluginComponentInfo>();
        var schedulers = new List<ISchedulerFactory>();
        var backends = new List<IModelBackend>();
        var postSteps = new List<IPostStep>();
        var pluginNames = new Dictionary<IPluginComponent, string>(ReferenceEqualityComparer.Instance);
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var loaders = new List<IDisposable>();

        foreach (var assemblyPath in assemblies)
        {
            var pluginName = Path.GetFileNameWithoutExtension(assemblyPath);
            var loaded = LoadPlugin(assemblyPath, pluginName, failures, loaders, logger);
            foreach (var component in loaded)
            {
                var (kind, aliases) = component switch
                {
                    ISchedulerFactory s => ("scheduler", s.Aliases),
                    IPostStep => ("post-step", (IReadOnlyList<string>)[]),
                    _ => ("model-backend", (IReadOnlyList<string>)[]),
                };
                var ownerKey = kind + ":" + component.Id;
                if (owners.TryGetValue(ownerKey, out var owner))
                {
                    diagnostics.Add(Diagnostic.Warning(DuplicateIdCode, $"The {kind} '{component.Id}' of plugin '{pluginName}' is ignored: plugin '{owner}' already provides it.", SourceLocation.FileOnly(assemblyPath)));
                    continue;
                }

                owners[ownerKey] = pluginName;
                pluginNames[component] = pluginName;
                components.Add(new PluginComponentInfo(kind, component.Id, component.Version, aliases, pluginName, assemblyPath));
                if (component is ISchedulerFactory scheduler)
                {
                    schedulers.Add(scheduler);
                }
                else if (component is IModelBackend backend)
                {
                    backends.Add(backend);
                }
                else if (component is IPostStep postStep)
                {
                    postSteps.Add(postStep);
                }
            }
        }

        foreach (var failure in failures)
        {
            // The AF3100 diagnostic is what the user sees; a warning log too printed every failure twice.
            logger.LogDebug("Plugin {Plugin} was not loaded: {Reason}", failure.PluginPath, failure.Reason);
            diagnostics.Insert(0, Diagnostic.Warning(LoadFailedCode, failure.Reason, SourceLocation.FileOnly(failure.PluginPath)));
        }

        return new PluginCatalog(schedulers, backends, pluginNames, new PluginReport(components, failures), diagnostics, loaders) { PostSteps = postSteps };
    }

    private static List<IPluginComponent> LoadPlugin(string assemblyPath, string pluginName, List<PluginLoadFailure> failures, List<IDisposable> loaders, ILogger logger)
    {
        var found = new List<IPluginComponent>();
        var referenced = ReadReferencedContractMajor(assemblyPath, out var unreadable);
        if (unreadable is not null)
        {
            failures.Add(new PluginLoadFailure(assemblyPath, $"Plugin '{pluginName}' could not be loaded: {unreadable}."));
            return found;
        }

        if (referenced is null)
        {
            failures.Add(new PluginLoadFailure(assemblyPath, $"Plugin '{pluginName}' does not reference {AbstractionsAssemblyName}, so it cannot contribute any component."));
            return found;
        }

        if (ContractCompatibility.Check(referenced.Value, minor: null) is { } majorProblem)
        {
            failures.Add(new PluginLoadFailure(assemblyPath, $"Plugin '{pluginName}' was not loaded: {majorProblem}."));
            return found;
        }

        Assembly assembly;
        Type[] types;
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, SharedTypes, config => config.PreferSharedTypes = false);
            loaders.Add(loader);
            assembly = loader.LoadDefaultAssembly();
            if (assembly.GetCustomAttribute<PluginContractAttribute>() is { } declared &&
                ContractCompatibility.Check(declared.Major, declared.Minor) is { } problem)
            {
                failures.Add(new PluginLoadFailure(assemblyPath, $"Plugin '{pluginName}' was not loaded: {problem}."));
                return found;
            }

            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogDebug(e, "Loading plugin {Plugin} failed", assemblyPath);
            failures.Add(new PluginLoadFailure(assemblyPath, $"Plugin '{pluginName}' could not be loaded: {FirstSentence(e)}"));
            return found;
        }

        var candidates = new List<Type>();
        foreach (var type in types)
        {
            if (type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } &&
                (typeof(ISchedulerFactory).IsAssignableFrom(type) || typeof(IModelBackend).IsAssignableFrom(type) || typeof(IPostStep).IsAssignableFrom(type)) &&
                type.GetConstructor(Type.EmptyTypes) is not null)
            {
                candidates.Add(type);
            }
        }

        candidates.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        foreach (var type in candidates)
        {
            try
            {
                var component = (IPluginComponent)Activator.CreateInstance(type)!;
                if (string.IsNullOrWhiteSpace(component.Id) || string.IsNullOrWhiteSpace(component.Version))
                {
                    failures.Add(new PluginLoadFailure(assemblyPath, $"Plugin '{pluginName}': {type.FullName} has no id or no version, so it was skipped."));
                    continue;
                }

                found.Add(component);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogDebug(e, "Creating {Type} of plugin {Plugin} failed", type.FullName, assemblyPath);
                var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                failures.Add(new PluginLoadFailure(assemblyPath, $"Plugin '{pluginName}': creating {type.FullName} threw {cause.GetType().Name}: {FirstSentence(cause)}"));
            }
        }

        if (candidates.Count == 0)
        {
            failures.Add(new PluginLoadFailure(assemblyPath, $"Plugin '{pluginName}' contributes no scheduler or model backend (no public class with a public parameterless constructor implements one)."));
        }

        return found;
    }

    // Reads the referenced Abstractions version without loading the assembly, so a plugin built
    // against another major version is refused before it can fail to bind in confusing ways.
    private static int? ReadReferencedContractMajor(string assemblyPath, out string? unreadable)
    {
        unreadable = null;
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                unreadable = "it is not a .NET assembly";
                return null;
            }

            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.StringComparer.Equals(reference.Name, AbstractionsAssemblyName))
                {
                    return reference.Version.Major;
                }
            }

            return null;
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            unreadable = e is IOException or UnauthorizedAccessException ? FirstSentence(e).TrimEnd('.') : "it is not a valid .NET assembly";
            return null;
        }
    }

    private static string FirstSentence(Exception e)
    {
        var message = e.Message.ReplaceLineEndings(" ").Trim();
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        if (end > 0)
        {
            message = message[..(end + 1)];
        }

        return message.EndsWith('.') ? message : message + ".";
    }
}
