namespace AssetForge.Core.Tests.Execution;

using System.Text;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Execution;
using AssetForge.Core.Graph;
using AssetForge.Core.Hashing;
using AssetForge.Core.Tests.Caching;
using AssetForge.Core.Tests.Graph;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// The executor over a small hand-made graph: two generations (a, b), a post stage on a, and a
/// sheet over the post stage and b; runners that concatenate their inputs and record what they
/// were asked to run; a real content store in a temporary folder.
/// </summary>
public sealed class GraphExecutorTests
{
    private static readonly ActionKey A = ActionKey.FromCanonical("gen a");
    private static readonly ActionKey B = ActionKey.FromCanonical("model b");
    private static readonly ActionKey PostA = ActionKey.FromCanonical("post a");
    private static readonly ActionKey Sheet = ActionKey.FromCanonical("sheet");

    private TemporaryDirectory _cache = null!;

    [SetUp]
    public void SetUp() => _cache = new TemporaryDirectory();

    [TearDown]
    public void TearDown() => _cache.Dispose();

    [Test]
    public async Task A_cold_build_runs_every_node_once_inputs_first()
    {
        var runners = new Runners();

        var report = await Execute(runners, ExecutionPolicy.Default);

        Assert.That(runners.Log, Is.EqualTo(new[] { "Generation:a,b", "PostStage:post a", "SpriteSheet:sheet" }));
        Assert.That((report.ModelRuns, report.PostStagesRun, report.SpriteSheetsPacked), Is.EqualTo((2, 1, 1)));
        Assert.That(Stored(Sheet, "atlas"), Is.EqualTo("sheet[post a[a]+b]"), "the sheet read its inputs from the store");
    }

    [Test]
    public async Task Model_nodes_reach_the_model_runner_in_one_call_so_it_can_batch_them()
    {
        var runners = new Runners();

        await Execute(runners, ExecutionPolicy.Default);

        Assert.That(runners.Log.Count(l => l.StartsWith("Generation:", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_warm_build_runs_nothing_and_looks_only_at_the_demanded_node()
    {
        await Execute(new Runners(), ExecutionPolicy.Default);
        var runners = new Runners();

        var report = await Execute(runners, ExecutionPolicy.Default);

        Assert.That(runners.Log, Is.Empty);
        Assert.That(report.Results.Keys, Is.EqualTo(new[] { Sheet }), "a cached sheet needs nothing below it");
        Assert.That(report.Results[Sheet].Status, Is.EqualTo(NodeStatus.Cached));
    }

    [Test]
    public async Task A_derived_node_whose_inputs_are_stored_runs_without_running_them()
    {
        await Execute(new Runners(), ExecutionPolicy.Default);
        File.Delete(new ContentStore(_cache.Path).ActionPath(Sheet));
        var runners = new Runners();

        var report = await Execute(runners, ExecutionPolicy.Default);

        Assert.That(runners.Log, Is.EqualTo(new[] { "SpriteSheet:sheet" }));
        Assert.That((report.Results[PostA].Status, report.Results[B].Status), Is.EqualTo((NodeStatus.Cached, NodeStatus.Cached)));
    }

    [Test]
    public async Task Force_runs_every_node_kind_again()
    {
        await Execute(new Runners(), ExecutionPolicy.Default);
        var runners = new Runners();

        var report = await Execute(runners, new ExecutionPolicy(Force: true, NoGenerate: false, Shard: null));

        Assert.That(runners.Log, Is.EqualTo(new[] { "Generation:a,b", "PostStage:post a", "SpriteSheet:sheet" }));
        Assert.That((report.ModelRuns, report.PostStagesRun, report.SpriteSheetsPacked), Is.EqualTo((2, 1, 1)));
    }

    [Test]
    public async Task No_generate_fails_only_the_model_nodes_that_miss()
    {
        // b is stored (another machine made it); a is not.
        await Execute(new Runners(), ExecutionPolicy.Default, targets: [B]);
        var runners = new Runners();
        var diagnostics = new List<Diagnostic>();

        var report = await Execute(runners, new ExecutionPolicy(Force: false, NoGenerate: true, Shard: null), report: diagnostics.Add);

        Assert.That(runners.Log, Is.Empty);
        Assert.That(report.Results[A].Status, Is.EqualTo(NodeStatus.Failed));
        Assert.That(report.Results[B].Status, Is.EqualTo(NodeStatus.Cached));
        Assert.That(report.Results[Sheet].Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { EngineCodes.CacheMissWithGenerationOff }), "nodes after a refused one fail with its reason");
        Assert.That(diagnostics.Select(d => d.Code), Is.EqualTo(new[] { EngineCodes.CacheMissWithGenerationOff }), "reported once");
    }

    [Test]
    public async Task No_generate_still_runs_derived_nodes_whose_inputs_are_stored()
    {
        await Execute(new Runners(), ExecutionPolicy.Default);
        var store = new ContentStore(_cache.Path);
        File.Delete(store.ActionPath(Sheet));
        File.Delete(store.ActionPath(PostA));
        var runners = new Runners();

        var report = await Execute(runners, new ExecutionPolicy(Force: false, NoGenerate: true, Shard: null));

        Assert.That(runners.Log, Is.EqualTo(new[] { "PostStage:post a", "SpriteSheet:sheet" }));
        Assert.That(report.ModelRuns, Is.Zero);
    }

    [Test]
    public async Task A_shard_runs_only_its_model_nodes_and_defers_the_sheet_that_needs_another_shards_image()
    {
        var (mine, other) = (Shard.Of(A, 2), Shard.Of(B, 2));
        Assert.That(mine, Is.Not.EqualTo(other), "the test's keys fall in different shards");
        var runners = new Runners();

        var report = await Execute(runners, ShardPolicy(mine));

        Assert.That(runners.Log, Is.EqualTo(new[] { "Generation:a", "PostStage:post a" }));
        Assert.That(report.Results[B].Status, Is.EqualTo(NodeStatus.Elsewhere));
        Assert.That(report.Results[Sheet].Status, Is.EqualTo(NodeStatus.Deferred));
        Assert.That(report.Deferred, Is.EqualTo(1));

        var second = new Runners();
        var secondReport = await Execute(second, ShardPolicy(other));

        Assert.That(second.Log, Is.EqualTo(new[] { "Generation:b", "SpriteSheet:sheet" }), "the other shard finds a's stage in the store and packs the sheet");
        Assert.That(secondReport.Deferred, Is.Zero);
    }

    [Test]
    public async Task A_failed_node_fails_the_nodes_after_it_with_its_diagnostic_and_others_still_run()
    {
        var runners = new Runners { Failing = "a" };

        var report = await Execute(runners, ExecutionPolicy.Default);

        Assert.That(report.Results[A].Status, Is.EqualTo(NodeStatus.Failed));
        Assert.That(report.Results[B].Status, Is.EqualTo(NodeStatus.Ran));
        Assert.That(report.Results[PostA].Diagnostics, Is.EqualTo(report.Results[A].Diagnostics));
        Assert.That(report.Results[Sheet].Status, Is.EqualTo(NodeStatus.Failed));
        Assert.That(runners.Log, Is.EqualTo(new[] { "Generation:a,b" }));
    }

    [Test]
    public async Task Every_node_produced_is_announced_once_as_it_is_stored()
    {
        var produced = new List<(string, NodeStatus)>();
        var announcing = new GraphExecutor(new ContentStore(_cache.Path), null, ExecutionPolicy.Default, new Runners().ByKind, _ => { }, NullLogger.Instance, 2)
        {
            NodeProduced = (node, result) =>
            {
                produced.Add((node.Label, result.Status));
                return Task.CompletedTask;
            },
        };
        await announcing.RunAsync(PlanOf(Graph(), [Sheet]), [Sheet], CancellationToken.None);

        Assert.That(produced, Is.EqualTo(new[] { ("a", NodeStatus.Ran), ("b", NodeStatus.Ran), ("post a", NodeStatus.Ran), ("sheet", NodeStatus.Ran) }));
    }

    private static ExecutionPolicy ShardPolicy(int index)
    {
        Assert.That(Shard.TryParse($"{index}/2", out var shard, out _), Is.True);
        return new ExecutionPolicy(false, false, shard);
    }

    private static ActionGraph Graph()
    {
        ActionNode[] nodes =
        [
            new(A, NodeKind.Generation, [], ["image"], "a", null, new Work()),
            new(B, NodeKind.Generation, [], ["image"], "b", null, new Work()),
            new(PostA, NodeKind.PostStage, [new NodeOutputRef(A, "image")], ["image"], "post a", null, new Work()),
            new(Sheet, NodeKind.SpriteSheet, [new NodeOutputRef(PostA, "image"), new NodeOutputRef(B, "image")], ["atlas", "map"], "sheet", null, new Work()),
        ];
        var placeholder = PlannedAssets.Image("x", "x");
        BuildTarget[] targets =
        [
            new("sheet", "sheet", "/out/sheet.png", "sheet.png", new NodeOutputRef(Sheet, "atlas"), new Dictionary<string, string>(), null, placeholder),
            new("b", "b", "/out/b.png", "b.png", new NodeOutputRef(B, "image"), new Dictionary<string, string>(), null, placeholder),
        ];
        return new ActionGraph(nodes, targets);
    }

    private static BuildPlan PlanOf(ActionGraph graph, ActionKey[] sources) =>
        BuildPlan.For(graph, [.. graph.Targets.Where(t => sources.Contains(t.Source.Node))]);

    private Task<ExecutionReport> Execute(Runners runners, ExecutionPolicy policy, ActionKey[]? targets = null, Action<Diagnostic>? report = null)
    {
        var sources = targets ?? [Sheet];
        return Executor(runners, policy, report ?? (_ => { })).RunAsync(PlanOf(Graph(), sources), sources, CancellationToken.None);
    }

    private GraphExecutor Executor(Runners runners, ExecutionPolicy policy, Action<Diagnostic> report) =>
        new(new ContentStore(_cache.Path), null, policy, runners.ByKind, report, NullLogger.Instance, 2);

    private string Stored(ActionKey key, string output)
    {
        var store = new ContentStore(_cache.Path);
        var blob = store.TryGetAction(key, _ => { })!.Output(output)!;
        return File.ReadAllText(store.BlobPath(blob.Sha256));
    }

    private sealed record Work : NodeWork;

    /// <summary>One recording runner per kind: a node's output is its label over its inputs' bytes.</summary>
    private sealed class Runners
    {
        public Runners()
        {
            ByKind = new Dictionary<NodeKind, INodeRunner>
            {
                [NodeKind.Generation] = new Recording(this, NodeKind.Generation),
                [NodeKind.PostStage] = new Recording(this, NodeKind.PostStage),
                [NodeKind.ContactSheet] = new Recording(this, NodeKind.ContactSheet),
                [NodeKind.SpriteSheet] = new Recording(this, NodeKind.SpriteSheet),
            };
        }

        public List<string> Log { get; } = [];

        public string? Failing { get; init; }

        public IReadOnlyDictionary<NodeKind, INodeRunner> ByKind { get; }

        private sealed class Recording(Runners owner, NodeKind kind) : INodeRunner
        {
            public async Task RunAsync(IReadOnlyList<NodeRun> runs, Func<NodeRun, NodeRunResult, Task> completed, CancellationToken cancellationToken)
            {
                owner.Log.Add(kind + ":" + string.Join(",", runs.Select(r => r.Node.Label)));
                foreach (var run in runs)
                {
                    if (run.Node.Label == owner.Failing)
                    {
                        await completed(run, NodeRunResult.Failed(Diagnostic.Error(EngineCodes.PluginCrashed, "it broke")));
                        continue;
                    }

                    var inputs = string.Join("+", run.Inputs.Select(Encoding.UTF8.GetString));
                    var bytes = Encoding.UTF8.GetBytes(inputs.Length == 0 ? run.Node.Label : $"{run.Node.Label}[{inputs}]");
                    var producer = new ActionProducer("test", string.Empty, "cpu", "rgba8", "test", "test", "1.1");
                    await completed(run, NodeRunResult.Produced(producer, [.. run.Node.Outputs.Select(o => new KeyValuePair<string, byte[]>(o, bytes))]));
                }
            }
        }
    }
}
