namespace AssetForge.Abstractions.Models;

using AssetForge.Abstractions.Plugins;

/// <summary>
/// A model backend: runs a diffusion model stored as a folder (DESIGN §6 layout) and may write
/// built-in models. The host fingerprints the folder's files itself (the fingerprint is part of
/// every key), so a backend never decides whether something is cached.
/// </summary>
public interface IModelBackend : IPluginComponent
{
    /// <summary>Names of built-in models this backend can write, e.g. <c>tiny</c> for <c>builtin:tiny</c>.</summary>
    IReadOnlyList<string> BuiltinModels { get; }

    /// <summary>Execution providers compiled into this build of the backend, e.g. <c>cpu</c>, <c>cuda</c>.</summary>
    IReadOnlyList<string> AvailableExecutionProviders { get; }

    /// <summary>
    /// Writes the built-in model <paramref name="name"/> under <paramref name="directory"/> unless
    /// a complete copy is already there, and returns the model folder. Writing is atomic: a
    /// concurrent or interrupted call never leaves a half-written model behind.
    /// </summary>
    string EnsureBuiltinModel(string name, string directory, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a model. Expensive (loads weights, creates inference sessions): the host opens each
    /// model at most once per build, and not at all when everything is cached.
    /// </summary>
    /// <exception cref="PluginException">The folder is not a usable model, or the execution provider is not available.</exception>
    IModelSession Open(ModelSessionOptions options);
}
