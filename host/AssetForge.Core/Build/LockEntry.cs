namespace AssetForge.Core.Build;

/// <summary>One asset in <c>assetforge.lock.json</c>.</summary>
/// <param name="Key">The action key its output was built from.</param>
/// <param name="Output">The output path relative to the output root (forward slashes).</param>
/// <param name="Sha256">The output's SHA-256.</param>
public sealed record LockEntry(string Key, string Output, string Sha256);
