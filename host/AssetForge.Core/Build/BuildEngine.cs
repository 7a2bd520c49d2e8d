namespace AssetForge.Core.Build;

using Microsoft.Extensions.Logging;

/// <summary>
/// The engine behind <c>assetforge build|status|clean</c> and the MSBuild task: loads the config,
/// plugins and specs, computes keys, serves the cache and generates what is missing.
/// </summary>
public sealed class BuildEngine
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly IReadOnlyList<string> _builtinPluginDirectories;

    /// <summary>Creates an engine.</summary>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="builtinPluginDirectories">Folders of built-in plugins (the host's <c>plugins/</c> folder).</param>
    public BuildEngine(ILoggerFactory loggerFactory, IReadOnlyList<string> builtinPluginDirectories)
    {
        _loggerFactory = loggerFactory;
        _builtinPluginDirectories = builtinPluginDirectories;
    }

    /// <summary>Builds a project.</summary>
    public Task<BuildSummary> BuildAsync(string projectDirectory, BuildOptions options, IBuildObserver observer, CancellationToken cancellationToken) =>
        throw new NotImplementedException("TODO(engine helper)");

    /// <summary>Reports every asset's state without building or opening a model.</summary>
    public Task<StatusReport> StatusAsync(string projectDirectory, CancellationToken cancellationToken) =>
        throw new NotImplementedException("TODO(engine helper)");

    /// <summary>Loads the built-in plugins and the project's plugin folders (when a project is given) and reports them.</summary>
    public AssetForge.Core.Plugins.PluginReport ListPlugins(string? projectDirectory) =>
        throw new NotImplementedException("TODO(engine helper)");

    /// <summary>Removes the project's outputs and its build state (never the cache's blobs).</summary>
    public Task<int> CleanAsync(string projectDirectory, CancellationToken cancellationToken) =>
        throw new NotImplementedException("TODO(engine helper)");
}
