namespace AssetForge.Core.Build;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Graph;

/// <summary>
/// Which targets a build asks for (<c>--asset ID</c>, repeatable): any target id (a variant, a
/// sweep cell, a sheet's map, a post-processed asset) or a spec id (every target of that spec);
/// nothing asked means every target.
/// </summary>
/// <param name="Targets">The selected targets.</param>
/// <param name="AssetFailures">The failed assets among the selection (their diagnostics not reported yet).</param>
/// <param name="Unknown">An error per asked id that nothing defines (bad usage).</param>
internal sealed record TargetSelection(IReadOnlyList<BuildTarget> Targets, IReadOnlyList<AssetOutcome> AssetFailures, IReadOnlyList<Diagnostic> Unknown)
{
    public static TargetSelection Select(LoweredProject lowered, IReadOnlyList<string>? requested)
    {
        if (requested is not { Count: > 0 })
        {
            return new TargetSelection(lowered.Graph.Targets, lowered.Failures, []);
        }

        var wanted = new HashSet<string>(requested, StringComparer.Ordinal);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var targets = new List<BuildTarget>();
        foreach (var target in lowered.Graph.Targets)
        {
            if (wanted.Contains(target.Id) || wanted.Contains(target.SpecId))
            {
                targets.Add(target);
                matched.Add(wanted.Contains(target.Id) ? target.Id : target.SpecId);
            }
        }

        var failures = new List<AssetOutcome>();
        foreach (var failure in lowered.Failures)
        {
            var specId = SpecIdOf(failure.AssetId);
            if (wanted.Contains(failure.AssetId) || wanted.Contains(specId))
            {
                failures.Add(failure);
                matched.Add(wanted.Contains(failure.AssetId) ? failure.AssetId : specId);
            }
        }

        var unknown = new List<Diagnostic>();
        if (!lowered.Project.SomeSpecFileFailed)
        {
            var known = new SortedSet<string>(lowered.Project.AllAssetIds, StringComparer.Ordinal);
            foreach (var target in lowered.Graph.Targets)
            {
                known.Add(target.Id);
            }

            foreach (var id in requested)
            {
                if (!matched.Contains(id) && !lowered.Project.AllAssetIds.Contains(id))
                {
                    unknown.Add(Diagnostic.Error(EngineCodes.UnknownAssetId, $"No spec defines the asset '{id}'.{SpellingSuggestion.DidYouMean(id, known)}"));
                }
            }
        }

        return new TargetSelection(targets, failures, unknown);
    }

    // Expanded ids are '<spec id>:<suffix>'.
    private static string SpecIdOf(string assetId)
    {
        var colon = assetId.LastIndexOf(':');
        return colon < 0 ? assetId : assetId[..colon];
    }
}
