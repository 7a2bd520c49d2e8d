namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;
using AssetForge.Core.Imaging;

/// <summary>The engine over the action graph, on builtin:tiny: what a key names, which targets a build asks for, and output clashes after expansion.</summary>
[Category("Slow")]
public sealed class GraphBuildTests
{
    private EngineProject _project = null!;

    [SetUp]
    public void SetUp() => _project = new EngineProject();

    [TearDown]
    public void TearDown() => _project.Dispose();

    [Test]
    public async Task Two_specs_with_equal_generation_fields_and_different_post_chains_store_one_generation_blob()
    {
        _project.Write("a.yaml", EngineProject.Spec("a", "gem") + "post:\n  - { resize: 32x32 }\n");
        _project.Write("b.yaml", EngineProject.Spec("b", "gem") + "post:\n  - { pad: 128x128 }\n");

        var summary = await _project.BuildAsync();

        Assert.That(summary.ExitCode, Is.Zero, string.Join("\n", summary.Diagnostics));
        Assert.That((summary.Generated, summary.PostStagesRun), Is.EqualTo((1, 2)));
        var store = new ContentStore(_project.Path(".assetforge/cache"));
        var generations = ActionRecords(store)
            .Where(record => record.Producer.Backend.StartsWith("onnx", StringComparison.Ordinal))
            .ToList();
        Assert.That(generations, Has.Count.EqualTo(1), "one generation key, one action");

        // The blob names only its own key and fields: nothing of either post chain.
        var png = File.ReadAllBytes(store.BlobPath(generations[0].Outputs[0].Sha256));
        var chunk = PngTextReader.Read(png)!.Single(t => t.Key == GenerationMetadata.AssetForgeKeyword).Value;
        var (chunkKey, fields) = GenerationMetadata.ParseAssetForgeText(chunk)!.Value;
        Assert.That(chunkKey, Is.EqualTo(generations[0].Key));
        Assert.That(fields.Keys, Does.Not.Contain("post"));
    }

    [Test]
    public async Task A_normal_map_stage_is_one_action_record_holding_the_colour_image_and_the_normal_map()
    {
        _project.Write("ground.yaml", EngineProject.Spec("ground", "cobblestone") + "post:\n  - { normal_map: 3 }\n");

        var summary = await _project.BuildAsync();

        Assert.That(summary.ExitCode, Is.Zero, string.Join("\n", summary.Diagnostics));
        Assert.That((summary.Generated, summary.PostStagesRun), Is.EqualTo((1, 1)));
        var store = new ContentStore(_project.Path(".assetforge/cache"));
        var records = ActionRecords(store);
        var stage = records.Single(r => r.Producer.Backend.StartsWith("normal_map", StringComparison.Ordinal));
        var generation = records.Single(r => r != stage);
        Assert.That(stage.Outputs.Select(o => o.Name), Is.EqualTo(new[] { "image", "normal" }));
        Assert.That(stage.Output("image")!.Sha256, Is.EqualTo(generation.Output("image")!.Sha256), "the colour image passes through");
        Assert.That(File.ReadAllBytes(_project.Output("ground_n.png")), Is.EqualTo(File.ReadAllBytes(store.BlobPath(stage.Output("normal")!.Sha256))));
    }

    [Test]
    public async Task Asking_for_a_sprite_sheet_builds_its_members_and_writes_only_the_sheet()
    {
        _project.Write("icons/a.yaml", EngineProject.Spec("icons/a", "sword") + "post:\n  - { resize: 32x32 }\n");
        _project.Write("icons/b.yaml", EngineProject.Spec("icons/b", "shield"));
        _project.Write("props/crate.yaml", EngineProject.Spec("props/crate", "crate"));
        _project.Write("ui/sheet.yaml", "output: ui/sheet.png\nsheet:\n  members: [\"icons/*\"]\n");

        var summary = await _project.BuildAsync(new BuildOptions { AssetIds = ["ui/sheet"] });

        Assert.That(summary.ExitCode, Is.Zero, string.Join("\n", summary.Diagnostics));
        Assert.That((summary.Generated, summary.PostStagesRun, summary.SpriteSheetsPacked), Is.EqualTo((2, 1, 1)), "the crate is not built");
        Assert.That(summary.Outcomes.Select(o => o.AssetId), Is.EquivalentTo(new[] { "ui/sheet", "ui/sheet:map" }));
        Assert.That(File.Exists(_project.Output("ui/sheet.json")), Is.True);
    }

    [Test]
    public async Task Asking_for_one_variant_builds_only_that_variant()
    {
        _project.Write("potion.yaml", EngineProject.Spec("potion", "potion") + "variants: { seeds: [5, 6] }\n");

        var summary = await _project.BuildAsync(new BuildOptions { AssetIds = ["potion:s6"] });

        Assert.That(summary.ExitCode, Is.Zero, string.Join("\n", summary.Diagnostics));
        Assert.That(summary.Outcomes.Select(o => (o.AssetId, o.Kind)), Is.EqualTo(new[] { ("potion:s6", AssetOutcomeKind.Generated) }));
    }

    [Test]
    public async Task A_variant_and_a_plain_spec_writing_one_file_both_fail_and_neither_is_written()
    {
        _project.Write("a.yaml", EngineProject.Spec("a", "first", output: "a.png") + "variants: { seeds: [1] }\n");
        _project.Write("b.yaml", EngineProject.Spec("b", "second", output: "a_s1.png"));
        _project.Write("c.yaml", EngineProject.Spec("c", "third"));

        var summary = await _project.BuildAsync();

        Assert.That(summary.ExitCode, Is.EqualTo(1));
        var clashes = summary.Diagnostics.Where(d => d.Code == DiagnosticCodes.DuplicateOutput).ToList();
        Assert.That(clashes.Select(d => (System.IO.Path.GetFileName(d.Location!.Value.Path), d.Location.Value.Line)), Is.EquivalentTo(new[] { ("a.yaml", 2), ("b.yaml", 2) }));
        Assert.That(File.Exists(_project.Output("a_s1.png")), Is.False);
        Assert.That(summary.Outcomes.Single(o => o.AssetId == "c").Kind, Is.EqualTo(AssetOutcomeKind.Generated));
    }

    private static List<ActionRecord> ActionRecords(ContentStore store) =>
        Directory.GetFiles(store.ActionsDirectory)
            .Select(path => store.TryGetAction(ActionKey.TryParse(System.IO.Path.GetFileNameWithoutExtension(path), out var key) ? key!.Value : throw new AssertionException(path), _ => { })!)
            .ToList();
}
