namespace AssetForge.Core.Execution;

using AssetForge.Core.Graph;
using AssetForge.Core.Hashing;

/// <summary>What the executor did: a result per node it looked at, and counts by kind of what ran.</summary>
internal sealed class ExecutionReport
{
    private readonly IReadOnlyDictionary<ActionKey, ActionNode> _nodes;

    public ExecutionReport(IReadOnlyDictionary<ActionKey, NodeResult> results, IReadOnlyDictionary<ActionKey, ActionNode> nodes)
    {
        Results = results;
        _nodes = nodes;
        foreach (var (key, result) in results)
        {
            if (result.Status == NodeStatus.Deferred)
            {
                Deferred++;
            }

            if (result.Status == NodeStatus.Downloaded && nodes[key].Kind == NodeKind.CompileModel)
            {
                ModelsDownloaded++;
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
                case NodeKind.CompileModel: ModelsCompiled++; break;
            }
        }
    }

    /// <summary>Two passes over one plan as one: later results win, counts add up.</summary>
    public static ExecutionReport Combine(ExecutionReport first, ExecutionReport second)
    {
        var results = new Dictionary<ActionKey, NodeResult>(first.Results);
        foreach (var (key, result) in second.Results)
        {
            results[key] = result;
        }

        return new ExecutionReport(results, first._nodes)
        {
            ModelRuns = first.ModelRuns + second.ModelRuns,
            PostStagesRun = first.PostStagesRun + second.PostStagesRun,
            ContactSheetsDrawn = first.ContactSheetsDrawn + second.ContactSheetsDrawn,
            SpriteSheetsPacked = first.SpriteSheetsPacked + second.SpriteSheetsPacked,
            ModelsCompiled = first.ModelsCompiled + second.ModelsCompiled,
            ModelsDownloaded = first.ModelsDownloaded + second.ModelsDownloaded,
            Deferred = second.Deferred,
        };
    }

    /// <summary>Per node key; nodes the build did not need to look at (their targets were up to date) are absent.</summary>
    public IReadOnlyDictionary<ActionKey, NodeResult> Results { get; }

    /// <summary>Model nodes run (images generated).</summary>
    public int ModelRuns { get; private init; }

    /// <summary>Post stages run.</summary>
    public int PostStagesRun { get; private init; }

    /// <summary>Contact sheets drawn.</summary>
    public int ContactSheetsDrawn { get; private init; }

    /// <summary>Sprite sheets packed.</summary>
    public int SpriteSheetsPacked { get; private init; }

    /// <summary>Compile-model nodes run (checkpoints compiled).</summary>
    public int ModelsCompiled { get; private init; }

    /// <summary>Compile-model nodes copied in from the remote cache instead of compiled.</summary>
    public int ModelsDownloaded { get; private init; }

    /// <summary>Nodes deferred to a later build (see <see cref="NodeStatus.Deferred"/>).</summary>
    public int Deferred { get; private init; }
}
