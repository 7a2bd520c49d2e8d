namespace AssetForge.Core.Caching.Maintenance;

using AssetForge.Core.Diagnostics;

/// <summary>What <c>assetforge cache verify</c> found.</summary>
/// <param name="Actions">Action records read.</param>
/// <param name="Blobs">Blobs hashed.</param>
/// <param name="Bytes">Total size of the blobs.</param>
/// <param name="Temporaries">Leftover temporary files of interrupted writes (harmless; <c>cache gc</c> removes them).</param>
/// <param name="Problems">Corrupt blobs, bad records, records naming missing blobs.</param>
public sealed record CacheVerification(int Actions, int Blobs, long Bytes, int Temporaries, IReadOnlyList<Diagnostic> Problems)
{
    /// <summary>Whether nothing is corrupt.</summary>
    public bool IsHealthy => Problems.Count == 0;
}
