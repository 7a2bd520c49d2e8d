namespace AssetForge.Core.Tests.Graph;

using AssetForge.Core.Graph;
using AssetForge.Core.Hashing;

public sealed class BuildPlanTests
{
    [Test]
    public void A_plan_is_the_closure_of_the_requested_targets_inputs_first()
    {
        var sword = PlannedAssets.WithPost(PlannedAssets.Image("icons/sword", "sword"), "resize");
        var shield = PlannedAssets.Image("icons/shield", "shield");
        var unrelated = PlannedAssets.Image("props/crate", "crate");
        var sheet = PlannedAssets.SpriteSheet("ui/sheet", shield, sword);
        var graph = GraphLowering.Lower([sword, shield, unrelated, sheet]).Graph;

        var plan = BuildPlan.For(graph, [graph.Targets.Single(t => t.Id == "ui/sheet")]);

        Assert.That(plan.Nodes.Select(n => n.Label), Is.EquivalentTo(new[] { "icons/sword", "icons/sword", "icons/shield", "ui/sheet" }));
        Assert.That(plan.Nodes[^1].Key, Is.EqualTo(sheet.Key));
        Assert.That(plan.DepthOf(sheet.Key), Is.EqualTo(2), "generation 0, resize 1, sheet 2");
        Assert.That(plan.Nodes.Select(n => n.Key), Does.Not.Contain(unrelated.Key));
    }

    [Test]
    public void A_cycle_is_an_error_naming_the_nodes_along_it()
    {
        var a = ActionKey.FromCanonical("a");
        var b = ActionKey.FromCanonical("b");
        ActionNode[] nodes =
        [
            new(a, NodeKind.PostStage, [new NodeOutputRef(b, "image")], ["image"], "first", null, new PlanOnlyWork()),
            new(b, NodeKind.PostStage, [new NodeOutputRef(a, "image")], ["image"], "second", null, new PlanOnlyWork()),
        ];
        var target = new BuildTarget("t", "t", "/out/t.png", "t.png", new NodeOutputRef(a, "image"), new Dictionary<string, string>(), null, PlannedAssets.Image("t", "t"));
        var graph = new ActionGraph(nodes, [target]);

        var error = Assert.Throws<GraphCycleException>(() => BuildPlan.For(graph, [target]));

        Assert.That(error!.Cycle, Is.EqualTo(new[] { "first", "second", "first" }));
    }

    [Test]
    public void A_graph_whose_edge_names_an_output_no_node_produces_is_refused()
    {
        var a = ActionKey.FromCanonical("a");
        ActionNode[] nodes = [new(a, NodeKind.Generation, [], ["image"], "a", null, new PlanOnlyWork())];
        var target = new BuildTarget("t", "t", "/out/t.json", "t.json", new NodeOutputRef(a, "map"), new Dictionary<string, string>(), null, PlannedAssets.Image("t", "t"));

        Assert.Throws<ArgumentException>(() => _ = new ActionGraph(nodes, [target]));
    }

    private sealed record PlanOnlyWork : NodeWork;
}
