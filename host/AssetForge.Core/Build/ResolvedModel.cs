namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Scheduling;

/// <summary>A model a spec names, located, fingerprinted and paired with the backend that runs it.</summary>
/// <param name="Name">The name as the spec wrote it (<c>sd15</c>, <c>builtin:tiny</c>).</param>
/// <param name="Directory">The model folder (absolute); for a checkpoint, where its compiled folder is materialised before it is opened.</param>
/// <param name="Backend">The backend that runs it.</param>
/// <param name="Fingerprint">The folder's content fingerprint; for a checkpoint, its compile node's key.</param>
/// <param name="SchedulerConfig">The model's <c>scheduler/scheduler_config.json</c>, or empty.</param>
/// <param name="Compilation">The compile node that makes <paramref name="Directory"/>, for a checkpoint; null for a folder opened as it is.</param>
internal sealed record ResolvedModel(string Name, string Directory, IModelBackend Backend, string Fingerprint, SchedulerConfig SchedulerConfig, ModelCompilation? Compilation = null);
