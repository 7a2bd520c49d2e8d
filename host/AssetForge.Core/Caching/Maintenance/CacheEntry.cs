namespace AssetForge.Core.Caching.Maintenance;

/// <summary>One action in the local cache, as <c>assetforge cache ls</c> shows it.</summary>
/// <param name="Key">The action key.</param>
/// <param name="Size">The bytes it holds: its record and its blobs (a blob shared with another action is counted in both).</param>
/// <param name="LastUsedUtc">When a build last used it (the record's modification time).</param>
/// <param name="Record">The record.</param>
public sealed record CacheEntry(string Key, long Size, DateTime LastUsedUtc, ActionRecord Record);
