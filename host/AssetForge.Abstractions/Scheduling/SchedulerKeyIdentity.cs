namespace AssetForge.Abstractions.Scheduling;

/// <summary>The scheduler id and version an asset's cache key records (contract 1.2).</summary>
/// <param name="Id">A scheduler id, its own or that of a scheduler that computes the same.</param>
/// <param name="Version">That scheduler's version.</param>
public sealed record SchedulerKeyIdentity(string Id, string Version);
