namespace AssetForge.Core.Execution;

using AssetForge.Core.Graph;
using AssetForge.Core.Hashing;

/// <summary>What the executor did: a result per node it looked at, and counts by kind of what ran.</summary>
internal sealed class ExecutionReport
{
    public ExecutionReport(IReadOnlyDictionary<ActionKey, NodeResult> results, IReadOnlyDictionary<ActionKey, ActionNode> nodes)
    {
        Results = results;
        foreach (var (key, result) in results)
        {
            if (result.Status == NodeStatus.Deferred)
            {
                Deferred++;
            }

            if (result.Status != NodeStatus.Ran)
            {
                continue;
            }

            switch (nodes[key].Kind)
            {
                case NodeKind.Generation: ModelRuns++; break;
                case NodeKind.PostStage: PostStagesRun++; break;
                case NodeKind.ContactSheet: ContactSheetsDrawn++; break;
                case NodeKind.SpriteSheet: SpriteSheetsPacked++; break;
            }
        }
    }

    /// <summary>Per node key; nodes the build did not need to look at (their targets were up to date) are absent.</summary>
    public IReadOnlyDictionary<ActionKey, NodeResult> Results { get; }

    /// <summary>Model nodes run (images generated).</summary>
    public int ModelRuns { get; }

    /// <summary>Post stages run.</summary>
    public int PostStagesRun { get; }

    /// <summary>Contact sheets drawn.</summary>
    public int ContactSheetsDrawn { get; }

    /// <summary>Sprite sheets packed.</summary>
    public int SpriteSheetsPacked { get; }

    /// <summary>Nodes deferred to a later build (see <see cref="NodeStatus.Deferred"/>).</summary>
    public int Deferred { get; }
}
