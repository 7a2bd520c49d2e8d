namespace AssetForge.Core.Build;

using AssetForge.Core.Diagnostics;

/// <summary>The result of a build.</summary>
/// <param name="Outcomes">One per asset (and one per spec file that failed to yield an asset).</param>
/// <param name="Diagnostics">All diagnostics, configuration errors included.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="ExitCode">0 all assets current; 1 some asset failed; 2 bad usage or configuration (DESIGN §8).</param>
public sealed record BuildSummary(
    IReadOnlyList<AssetOutcome> Outcomes,
    IReadOnlyList<Diagnostic> Diagnostics,
    TimeSpan Elapsed,
    int ExitCode)
{
    /// <summary>How many model sessions the build opened (0 when everything was cached).</summary>
    public int SessionsOpened { get; init; }

    /// <summary>How many post stages ran (were applied, not served from the cache); each asset with <c>post:</c> has one stage per step.</summary>
    public int PostStagesRun { get; init; }

    /// <summary>How many sprite sheets (<c>sheet:</c> assets) were packed, not served from the cache; each is two outcomes, its atlas and its map.</summary>
    public int SpriteSheetsPacked { get; init; }

    /// <summary>Checkpoints compiled (compile-model nodes run) in this build.</summary>
    public int ModelsCompiled { get; init; }

    /// <summary>Compiled models copied in from the remote cache instead of compiled.</summary>
    public int ModelsDownloaded { get; init; }

    /// <summary>How many sweep contact sheets were drawn, not served from the cache.</summary>
    public int ContactSheetsDrawn { get; init; }

    /// <summary>
    /// How many derived nodes (post stages, sheets) a sharded build left to a later build because
    /// some of their inputs belong to another shard and are not in the cache yet; not failures.
    /// </summary>
    public int Deferred { get; init; }

    /// <summary>Whether the build was cancelled; unfinished assets are <see cref="AssetOutcomeKind.Cancelled"/>.</summary>
    public bool Cancelled { get; init; }

    /// <summary>
    /// Images the model generated (model runs). Post stages, contact sheets and sprite sheets are
    /// counted apart (<see cref="PostStagesRun"/>, <see cref="ContactSheetsDrawn"/>, <see cref="SpriteSheetsPacked"/>),
    /// though their outcomes are <see cref="AssetOutcomeKind.Generated"/> when they were made in this build.
    /// </summary>
    public int Generated { get; init; }

    /// <summary>Assets materialised from the cache.</summary>
    public int FromCache => Count(AssetOutcomeKind.FromCache);

    /// <summary>Assets already current.</summary>
    public int UpToDate => Count(AssetOutcomeKind.UpToDate);

    /// <summary>Assets that failed.</summary>
    public int Failed => Count(AssetOutcomeKind.Failed);

    private int Count(AssetOutcomeKind kind)
    {
        var n = 0;
        foreach (var outcome in Outcomes)
        {
            if (outcome.Kind == kind)
            {
                n++;
            }
        }

        return n;
    }
}
