namespace AssetForge.Core.Tests.Build;

using System.Reflection;
using AssetForge.Core.Actions;
using AssetForge.Core.Build;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Graph;
using AssetForge.Core.Tests.Caching.Remote;

/// <summary>
/// A checkpoint is compiled by a compile-model node of the action graph (DESIGN §1, §6): one per
/// model source, LoRA set and precision, keyed over the facts that change the compiled bytes, read
/// by the generations that use it, run by the one executor (so served from the local store or the
/// team cache like any node), and never run by planning, status or an unchanged build. Runs on
/// the tiny SD 1.x-layout diffusers checkpoint of tests/reference/checkpoints.
/// </summary>
[Category("Slow")]
public sealed class CompileModelNodeTests
{
    private static readonly string ReferenceDirectory = Path.Combine(
        typeof(CompileModelNodeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "tests", "reference", "checkpoints");

    private static readonly string Sd1 = Path.Combine(ReferenceDirectory, "sd1");

    [Test]
    public async Task Lowering_adds_one_compile_node_per_source_lora_set_and_precision_and_each_generation_reads_its_own()
    {
        using var project = CheckpointProject(extraModels: $"half: {{ path: {Sd1}, precision: fp16 }}");
        CopyLora(project);
        project.Write("specs/a.yaml", EngineProject.Spec("a", "red potion"));
        project.Write("specs/b.yaml", EngineProject.Spec("b", "blue potion"));
        project.Write("specs/half.yaml", EngineProject.Spec("half", "red potion") + "model: half\n");
        project.Write("specs/inked.yaml", EngineProject.Spec("inked", "red potion") + "loras: [ { file: loras/ink.safetensors, scale: 1.0 } ]\n");
        project.Write("specs/faint.yaml", EngineProject.Spec("faint", "red potion") + "loras: [ { file: loras/ink.safetensors, scale: 0.5 } ]\n");

        var graph = await GraphOf(project);

        var compiles = graph.Nodes.Where(n => n.Kind == NodeKind.CompileModel).ToList();
        Assert.That(compiles, Has.Count.EqualTo(4));
        var modelOf = graph.Nodes.Where(n => n.Kind == NodeKind.Generation).ToDictionary(n => n.Label, n => n.Inputs.Single().Node);
        Assert.That(modelOf["a"], Is.EqualTo(modelOf["b"]));
        Assert.That(new[] { modelOf["a"], modelOf["half"], modelOf["inked"], modelOf["faint"] }, Is.Unique);
        Assert.That(compiles.Select(c => c.Key), Is.EquivalentTo(modelOf.Values.Distinct()));
    }

    [Test]
    public async Task A_generations_key_follows_from_its_compile_nodes_key_which_covers_exactly_the_compile_facts()
    {
        using var project = CheckpointProject();
        project.Write("a.yaml", EngineProject.Spec("a", "red potion"));

        var graph = await GraphOf(project);

        var compile = graph.Nodes.Single(n => n.Kind == NodeKind.CompileModel);
        var fields = ((CompileModelWork)compile.Work).Compilation.Fields;
        Assert.That(fields.Keys, Is.EquivalentTo(new[] { "action", "schema", "compiler", "builder_version", "opset", "precision", "source", "loras" }));
        Assert.That((fields["precision"], fields["opset"], fields["loras"]), Is.EqualTo(("\"fp32\"", "17", "[]")));
        var generation = graph.Nodes.Single(n => n.Kind == NodeKind.Generation);
        Assert.That(((GenerateImageWork)generation.Work).Asset.Fields["model"], Is.EqualTo($"\"{compile.Key.Hex}\""));
    }

    [Test]
    public async Task Changing_a_byte_of_the_source_changes_the_compile_key_and_the_generation_key()
    {
        using var project = new EngineProject(ConfigFor("sd1: model"));
        CopyDirectory(Sd1, project.Path("model"));
        project.Write("a.yaml", EngineProject.Spec("a", "red potion"));
        var before = await GraphOf(project);

        var config = project.Path("model/unet/config.json");
        File.WriteAllText(config, File.ReadAllText(config) + " ");
        File.SetLastWriteTimeUtc(config, DateTime.UtcNow.AddMinutes(1));
        var after = await GraphOf(project);

        Assert.That(KeysOf(after, NodeKind.CompileModel), Is.Not.EqualTo(KeysOf(before, NodeKind.CompileModel)));
        Assert.That(KeysOf(after, NodeKind.Generation), Is.Not.EqualTo(KeysOf(before, NodeKind.Generation)));
    }

    [Test]
    public async Task Status_plans_the_compile_without_running_it()
    {
        using var project = CheckpointProject();
        project.Write("a.yaml", EngineProject.Spec("a", "red potion"));

        var status = await project.StatusAsync();

        Assert.That(status.Entries.Single().State, Is.EqualTo(AssetState.Missing));
        Assert.That(Directory.Exists(project.Path(".assetforge/cache/models")), Is.False);
    }

    [Test]
    public async Task A_second_build_with_a_changed_prompt_generates_without_compiling_again()
    {
        using var project = CheckpointProject();
        project.Write("a.yaml", EngineProject.Spec("a", "red potion"));
        var first = await project.BuildAsync();
        Assert.That((first.ModelsCompiled, first.Generated, first.ExitCode), Is.EqualTo((1, 1, 0)), () => string.Join('\n', first.Diagnostics));

        project.Write("a.yaml", EngineProject.Spec("a", "red potion, glowing"));
        var second = await project.BuildAsync();

        Assert.That((second.ModelsCompiled, second.Generated, second.ExitCode), Is.EqualTo((0, 1, 0)), () => string.Join('\n', second.Diagnostics));
    }

    [Test]
    public async Task Two_models_sharing_a_checkpoint_and_settings_compile_once()
    {
        using var project = CheckpointProject(extraModels: $"same: {Sd1}");
        project.Write("a.yaml", EngineProject.Spec("a", "red potion"));
        project.Write("b.yaml", EngineProject.Spec("b", "blue potion") + "model: same\n");

        var summary = await project.BuildAsync();

        Assert.That((summary.ModelsCompiled, summary.Generated, summary.ExitCode), Is.EqualTo((1, 2, 0)), () => string.Join('\n', summary.Diagnostics));
    }

    [Test]
    public async Task A_corrupt_checkpoint_fails_only_the_assets_that_use_it()
    {
        using var project = CheckpointProject(extraModels: "broken: broken.safetensors");
        File.WriteAllBytes(project.Path("broken.safetensors"), [0x10, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"']);
        project.Write("a.yaml", EngineProject.Spec("a", "red potion"));
        project.Write("b.yaml", EngineProject.Spec("b", "red potion") + "model: broken\n");
        project.Write("c.yaml", EngineProject.Spec("c", "blue potion") + "model: broken\n");

        var summary = await project.BuildAsync();

        Assert.That((summary.ExitCode, summary.Generated, summary.Failed, summary.ModelsCompiled), Is.EqualTo((1, 1, 2, 1)));
        var error = summary.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.That(error.Code, Is.EqualTo("AF3201"));
        Assert.That(error.Message, Does.Contain("broken.safetensors: not a valid safetensors file"));
        Assert.That(summary.Outcomes.Where(o => o.Kind == AssetOutcomeKind.Failed).Select(o => o.AssetId), Is.EquivalentTo(new[] { "b", "c" }));
        Assert.That(summary.Outcomes.Where(o => o.Kind == AssetOutcomeKind.Failed).Select(o => o.Diagnostics.Single().Code), Is.All.EqualTo("AF3201"));
    }

    [Test]
    public async Task With_generation_off_a_missing_compiled_model_is_not_compiled()
    {
        using var project = CheckpointProject();
        project.Write("a.yaml", EngineProject.Spec("a", "red potion"));

        var summary = await project.BuildAsync(new BuildOptions { NoGenerate = true });

        Assert.That((summary.ExitCode, summary.Failed, summary.ModelsCompiled), Is.EqualTo((1, 1, 0)));
        Assert.That(summary.Diagnostics.Single().Code, Is.EqualTo(EngineCodes.CacheMissWithGenerationOff));
        Assert.That(Directory.Exists(project.Path(".assetforge/cache/models")), Is.False);
    }

    [Test]
    public async Task A_shard_without_generations_of_the_model_does_not_compile_it()
    {
        using var project = CheckpointProject();
        project.Write("a.yaml", EngineProject.Spec("a", "red potion"));
        var graph = await GraphOf(project);
        var generation = graph.Nodes.Single(n => n.Kind == NodeKind.Generation).Key;
        var mine = Shard.Of(generation, 2);
        Assert.That(Shard.TryParse($"{(mine % 2) + 1}/2", out var other, out _), Is.True);

        var elsewhere = await project.BuildAsync(new BuildOptions { Shard = other });
        Assert.That((elsewhere.ExitCode, elsewhere.ModelsCompiled, elsewhere.Outcomes.Count), Is.EqualTo((0, 0, 0)), () => string.Join('\n', elsewhere.Diagnostics));

        Assert.That(Shard.TryParse($"{mine}/2", out var own, out _), Is.True);
        var here = await project.BuildAsync(new BuildOptions { Shard = own });
        Assert.That((here.ExitCode, here.ModelsCompiled, here.Generated), Is.EqualTo((0, 1, 1)), () => string.Join('\n', here.Diagnostics));
    }

    [Test]
    public async Task A_build_cancelled_before_its_compile_compiles_nothing_and_cancels_its_assets()
    {
        using var project = CheckpointProject();
        project.Write("a.yaml", EngineProject.Spec("a", "red potion"));
        using var cancel = new CancellationTokenSource();
        var observer = new RecordingObserver { CancelOnPlanned = cancel };

        var summary = await project.BuildAsync(observer: observer, cancellationToken: cancel.Token);

        Assert.That((summary.Cancelled, summary.ModelsCompiled, summary.Outcomes.Single().Kind), Is.EqualTo((true, 0, AssetOutcomeKind.Cancelled)));
        Assert.That(Directory.Exists(project.Path(".assetforge/cache/models")), Is.False);
    }

    private static EngineProject CheckpointProject(string extraModels = "") => new(ConfigFor($"sd1: {Sd1}", extraModels));

    private static string ConfigFor(string model, string extraModels = "") => $"""
        models:
          {model}
          {extraModels}
        defaults:
          model: sd1
          width: 16
          height: 16
          steps: 2
          scheduler: euler
        """;

    private static async Task<ActionGraph> GraphOf(EngineProject project)
    {
        var sink = new DiagnosticSink(null);
        var lowered = await project.Engine.LowerProjectAsync(project.Root, sink, CancellationToken.None);
        Assert.That(lowered, Is.Not.Null, () => string.Join('\n', sink.ToList()));
        Assert.That(lowered!.Failures, Is.Empty, () => string.Join('\n', lowered.Failures.SelectMany(f => f.Diagnostics)));
        return lowered.Graph;
    }

    private static List<string> KeysOf(ActionGraph graph, NodeKind kind) => [.. graph.Nodes.Where(n => n.Kind == kind).Select(n => n.Key.Hex)];

    private static void CopyLora(EngineProject project) =>
        File.Copy(Path.Combine(ReferenceDirectory, "lora", "kohya.safetensors"), project.Write("specs/loras/ink.safetensors", string.Empty), overwrite: true);

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
