namespace AssetForge.Core.Caching.Maintenance;

/// <summary>What <c>assetforge cache gc</c> did.</summary>
/// <param name="ActionsRemoved">Action records deleted (least recently used first).</param>
/// <param name="BlobsRemoved">Blobs deleted (no longer referenced, or orphans).</param>
/// <param name="TemporariesRemoved">Leftover temporary files deleted.</param>
/// <param name="ActionsKept">Actions kept because the current project needs them, though the cache is over size.</param>
/// <param name="BytesBefore">Cache size before.</param>
/// <param name="BytesAfter">Cache size after.</param>
public sealed record CacheCollection(int ActionsRemoved, int BlobsRemoved, int TemporariesRemoved, int ActionsKept, long BytesBefore, long BytesAfter);
