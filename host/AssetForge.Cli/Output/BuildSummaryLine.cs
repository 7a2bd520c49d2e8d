namespace AssetForge.Cli.Output;

using System.Globalization;
using AssetForge.Core.Build;

/// <summary>
/// The last line of every build: <c>N generated, N from cache, N up to date, N failed in X.XXs</c>, then what
/// else ran (post stages, contact sheets, sprite sheets) and what a sharded build deferred. "generated" counts model runs.
/// </summary>
public static class BuildSummaryLine
{
    /// <summary>Formats a finished build.</summary>
    public static string Format(BuildSummary summary) =>
        Format(summary.Generated, summary.FromCache, summary.UpToDate, summary.Failed, summary.Elapsed) +
        (summary.PostStagesRun > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {summary.PostStagesRun} post stages run") : string.Empty) +
        (summary.ContactSheetsDrawn > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {summary.ContactSheetsDrawn} contact sheets drawn") : string.Empty) +
        (summary.SpriteSheetsPacked > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {summary.SpriteSheetsPacked} sprite sheets packed") : string.Empty) +
        (summary.Deferred > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {summary.Deferred} deferred to a later build") : string.Empty);

    /// <summary>Formats counts (for a build that was cancelled and has no summary).</summary>
    public static string Format(int generated, int fromCache, int upToDate, int failed, TimeSpan elapsed) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{generated} generated, {fromCache} from cache, {upToDate} up to date, {failed} failed in {elapsed.TotalSeconds:0.00}s");

    /// <summary>Formats the outcomes a cancelled build finished before it stopped.</summary>
    public static string Format(IReadOnlyCollection<AssetOutcome> outcomes, TimeSpan elapsed)
    {
        int generated = 0, fromCache = 0, upToDate = 0, failed = 0;
        foreach (var outcome in outcomes)
        {
            switch (outcome.Kind)
            {
                case AssetOutcomeKind.Generated: generated++; break;
                case AssetOutcomeKind.FromCache: fromCache++; break;
                case AssetOutcomeKind.UpToDate: upToDate++; break;
                case AssetOutcomeKind.Failed: failed++; break;
            }
        }

        return Format(generated, fromCache, upToDate, failed, elapsed);
    }
}
