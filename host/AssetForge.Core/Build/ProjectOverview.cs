namespace AssetForge.Core.Build;

using AssetForge.Core.Diagnostics;

/// <summary>Every valid asset of a project with its key and state, plus the assets that failed to load.</summary>
/// <param name="ProjectDirectory">The project folder (absolute).</param>
/// <param name="Assets">The assets, in spec order (a spec with variants or a sweep gives its images, then its contact sheet).</param>
/// <param name="Invalid">Assets or spec files that failed, by id or file.</param>
/// <param name="Diagnostics">Problems found while loading.</param>
/// <param name="ExitCode">2 when the configuration is unusable, else 0.</param>
public sealed record ProjectOverview(
    string ProjectDirectory,
    IReadOnlyList<AssetOverview> Assets,
    IReadOnlyList<string> Invalid,
    IReadOnlyList<Diagnostic> Diagnostics,
    int ExitCode);
