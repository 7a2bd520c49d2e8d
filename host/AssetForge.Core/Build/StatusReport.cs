namespace AssetForge.Core.Build;

using AssetForge.Core.Diagnostics;

/// <summary>The result of <c>assetforge status</c>.</summary>
public sealed record StatusReport(IReadOnlyList<StatusEntry> Entries, IReadOnlyList<Diagnostic> Diagnostics, int ExitCode);
