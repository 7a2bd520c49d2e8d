namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Hashing;
using AssetForge.Core.Specs;

/// <summary>An asset ready to build: its spec, model, scheduler, resolved configuration and key.</summary>
internal sealed record PlannedAsset(
    AssetSpec Spec,
    string OutputPath,
    ResolvedModel Model,
    ISchedulerFactory Scheduler,
    SchedulerConfig SchedulerConfig,
    IReadOnlyDictionary<string, string> Fields,
    ActionKey Key);
