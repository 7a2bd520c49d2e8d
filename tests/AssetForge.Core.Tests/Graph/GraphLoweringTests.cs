namespace AssetForge.Core.Tests.Graph;

using AssetForge.Core.Actions;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Graph;

public sealed class GraphLoweringTests
{
    [Test]
    public void A_plain_asset_is_one_generation_node_and_one_target()
    {
        var image = PlannedAssets.Image("icons/sword", "sword");

        var graph = GraphLowering.Lower([image]).Graph;

        Assert.That(graph.Nodes.Select(n => (n.Kind, n.Key)), Is.EqualTo(new[] { (NodeKind.Generation, image.Key) }));
        Assert.That(graph.Targets.Select(t => (t.Id, t.OutputPath, t.Source)), Is.EqualTo(new[] { ("icons/sword", "/out/icons/sword.png", new NodeOutputRef(image.Key, "image")) }));
    }

    [Test]
    public void A_post_chain_is_a_node_per_stage_and_the_target_copies_the_last()
    {
        var asset = PlannedAssets.WithPost(PlannedAssets.Image("icons/sword", "sword"), "resize", "pad");

        var graph = GraphLowering.Lower([asset]).Graph;

        Assert.That(graph.Nodes.Select(n => n.Kind), Is.EqualTo(new[] { NodeKind.Generation, NodeKind.PostStage, NodeKind.PostStage }));
        Assert.That(graph.Nodes[1].Inputs, Is.EqualTo(new[] { new NodeOutputRef(graph.Nodes[0].Key, "image") }));
        Assert.That(graph.Nodes[2].Inputs, Is.EqualTo(new[] { new NodeOutputRef(graph.Nodes[1].Key, "image") }));
        Assert.That(graph.Targets.Single().Source, Is.EqualTo(new NodeOutputRef(asset.Key, "image")));
    }

    [Test]
    public void The_generation_node_is_keyed_and_described_by_its_own_fields_only()
    {
        var asset = PlannedAssets.WithPost(PlannedAssets.Image("icons/sword", "sword"), "resize");

        var generation = GraphLowering.Lower([asset]).Graph.Nodes[0];
        var work = (GenerateImageWork)generation.Work;

        Assert.That(generation.Key, Is.EqualTo(asset.GenerationKey));
        Assert.That(work.Asset.Key, Is.EqualTo(asset.GenerationKey));
        Assert.That(work.Asset.Fields.Keys, Does.Not.Contain("post"));
        Assert.That(work.Asset.PostStages, Is.Empty);
    }

    [Test]
    public void Equal_generation_fields_with_different_post_chains_share_one_generation_node()
    {
        var a = PlannedAssets.WithPost(PlannedAssets.Image("a", "same prompt"), "resize");
        var b = PlannedAssets.WithPost(PlannedAssets.Image("b", "same prompt"), "pad");

        var graph = GraphLowering.Lower([a, b]).Graph;

        Assert.That(graph.Nodes.Count(n => n.Kind == NodeKind.Generation), Is.EqualTo(1));
        Assert.That(graph.Nodes.Count(n => n.Kind == NodeKind.PostStage), Is.EqualTo(2));
        Assert.That(graph.Targets.Select(t => t.Source.Node), Is.EqualTo(new[] { a.Key, b.Key }));
    }

    [Test]
    public void A_sprite_sheet_is_one_node_whose_atlas_and_map_are_two_targets()
    {
        var sword = PlannedAssets.Image("icons/sword", "sword");
        var key = PlannedAssets.WithPost(PlannedAssets.Image("icons/key", "key"), "resize");
        var sheet = PlannedAssets.SpriteSheet("ui/sheet", key, sword);

        var graph = GraphLowering.Lower([sword, key, sheet]).Graph;

        var node = graph.Nodes.Single(n => n.Kind == NodeKind.SpriteSheet);
        Assert.That(node.Outputs, Is.EqualTo(new[] { "atlas", "map" }));
        Assert.That(node.Inputs, Is.EqualTo(new[] { new NodeOutputRef(key.Key, "image"), new NodeOutputRef(sword.Key, "image") }), "members' final stages, in packing order");
        Assert.That(
            graph.Targets.Where(t => t.SpecId == "ui/sheet").Select(t => (t.Id, t.Output, t.Source.Output)),
            Is.EqualTo(new[] { ("ui/sheet", "ui/sheet.png", "atlas"), ("ui/sheet:map", "ui/sheet.json", "map") }));
    }

    [Test]
    public void A_contact_sheet_reads_its_cells()
    {
        var cell1 = PlannedAssets.Image("sweep:cfg5", "barrel, cfg 5");
        var cell2 = PlannedAssets.Image("sweep:cfg7", "barrel, cfg 7");
        var sheet = PlannedAssets.ContactSheet("sweep", cell1, cell2);

        var graph = GraphLowering.Lower([cell1, cell2, sheet]).Graph;

        var node = graph.Nodes.Single(n => n.Kind == NodeKind.ContactSheet);
        Assert.That(node.Inputs.Select(i => i.Node), Is.EqualTo(new[] { cell1.Key, cell2.Key }));
    }

    [Test]
    public void Two_targets_of_one_path_after_expansion_both_fail_at_their_output_lines_and_neither_is_a_target()
    {
        var variant = PlannedAssets.Image("a:s1", "first", output: "a_s1.png", line: 3);
        var plain = PlannedAssets.Image("b", "second", output: "A_S1.png", line: 10);
        var other = PlannedAssets.Image("c", "third");

        var lowered = GraphLowering.Lower([variant, plain, other]);

        Assert.That(lowered.Graph.Targets.Select(t => t.Id), Is.EqualTo(new[] { "c" }));
        var diagnostics = lowered.Failures.SelectMany(f => f.Diagnostics).ToList();
        Assert.That(diagnostics.Select(d => d.Code), Is.All.EqualTo(DiagnosticCodes.DuplicateOutput));
        Assert.That(diagnostics.Select(d => d.Location), Is.EqualTo(new SourceLocation?[] { new SourceLocation("a:s1.yaml", 4, 9), new SourceLocation("b.yaml", 11, 9) }));
        Assert.That(lowered.Failures.Select(f => f.AssetId), Is.EqualTo(new[] { "a:s1", "b" }));
    }

    [Test]
    public void A_stage_with_extra_outputs_is_one_node_whose_image_and_extras_are_targets_beside_each_other()
    {
        var ground = PlannedAssets.WithExtras(PlannedAssets.Image("textures/ground", "cobblestone", output: "textures/ground.png"), ("normal", "_n"), ("height", "_h"));

        var graph = GraphLowering.Lower([ground]).Graph;

        var stage = graph.Nodes.Single(n => n.Kind == NodeKind.PostStage);
        Assert.That(stage.Outputs, Is.EqualTo(new[] { "image", "normal", "height" }));
        Assert.That(
            graph.Targets.Select(t => (t.Id, t.Output, t.OutputPath, t.Source)),
            Is.EqualTo(new[]
            {
                ("textures/ground", "textures/ground.png", "/out/textures/ground.png", new NodeOutputRef(stage.Key, "image")),
                ("textures/ground:normal", "textures/ground_n.png", "/out/textures/ground_n.png", new NodeOutputRef(stage.Key, "normal")),
                ("textures/ground:height", "textures/ground_h.png", "/out/textures/ground_h.png", new NodeOutputRef(stage.Key, "height")),
            }));
    }

    [Test]
    public void An_extra_target_records_which_part_it_is_beside_the_assets_fields()
    {
        var ground = PlannedAssets.WithExtras(PlannedAssets.Image("ground", "cobblestone"), ("normal", "_n"));

        var extra = GraphLowering.Lower([ground]).Graph.Targets.Single(t => t.Id == "ground:normal");

        Assert.That(extra.Fields["part"], Is.EqualTo("\"normal\""));
        Assert.That(extra.Fields["post"], Is.EqualTo(ground.Fields["post"]));
        Assert.That(extra.SpecId, Is.EqualTo("ground"));
    }

    [Test]
    public void A_sheet_over_an_asset_with_extras_reads_its_image_not_an_extra()
    {
        var ground = PlannedAssets.WithExtras(PlannedAssets.Image("ground", "cobblestone"), ("normal", "_n"));
        var sheet = PlannedAssets.SpriteSheet("ui/sheet", ground);

        var graph = GraphLowering.Lower([ground, sheet]).Graph;

        Assert.That(graph.Nodes.Single(n => n.Kind == NodeKind.SpriteSheet).Inputs, Is.EqualTo(new[] { new NodeOutputRef(ground.Key, "image") }));
    }

    [Test]
    public void An_extra_output_on_another_assets_output_path_fails_both_with_the_duplicate_output_error()
    {
        var ground = PlannedAssets.WithExtras(PlannedAssets.Image("ground", "cobblestone", output: "ground.png", line: 1), ("normal", "_n"));
        var other = PlannedAssets.Image("ground_n", "hand-made normal map", output: "Ground_N.png", line: 20);

        var lowered = GraphLowering.Lower([ground, other]);

        Assert.That(lowered.Graph.Targets.Select(t => t.Id), Is.EqualTo(new[] { "ground" }));
        Assert.That(lowered.Failures.Select(f => f.AssetId), Is.EquivalentTo(new[] { "ground:normal", "ground_n" }));
        Assert.That(lowered.Failures.SelectMany(f => f.Diagnostics).Select(d => d.Code), Is.All.EqualTo(DiagnosticCodes.DuplicateOutput));
    }

    [Test]
    public void Two_assets_with_equal_stages_share_the_node_and_each_writes_its_own_extra()
    {
        var a = PlannedAssets.WithExtras(PlannedAssets.Image("a", "same"), ("normal", "_n"));
        var b = PlannedAssets.WithExtras(PlannedAssets.Image("b", "same"), ("normal", "_n"));

        var graph = GraphLowering.Lower([a, b]).Graph;

        Assert.That(graph.Nodes.Count(n => n.Kind == NodeKind.PostStage), Is.EqualTo(1));
        Assert.That(graph.Targets.Select(t => t.Output), Is.EqualTo(new[] { "a.png", "a_n.png", "b.png", "b_n.png" }));
    }
}
