namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;

/// <summary>
/// What changes an asset's key when its spec is edited, seen through <c>status</c> (which keys
/// every asset but generates nothing): one build, then an edit, then status.
/// </summary>
[Category("Slow")]
public sealed class SpecKeyTests
{
    private const string Baseline = """
        # A potion for the shop screen.
        id: potion
        output: props/potion.png
        prompt: "red potion"
        negative_prompt: "blurry"
        seed: 7
        steps: 3
        cfg: 7.5
        scheduler: euler
        width: 64
        height: 64

        """;

    private EngineProject _project = null!;

    [SetUp]
    public async Task SetUp()
    {
        _project = new EngineProject();
        _project.Write("specs/potion.yaml", Baseline);
        var summary = await _project.BuildAsync();
        Assert.That(summary.Generated, Is.EqualTo(1), () => string.Join("\n", summary.Diagnostics));
    }

    [TearDown]
    public void TearDown() => _project.Dispose();

    [Test]
    public async Task Reordering_keys_and_editing_comments_and_whitespace_keep_the_key()
    {
        _project.Write("specs/potion.yaml", """
            height:   64
            width: 64   # small, for tests
            scheduler: euler
            cfg: 7.50
            steps: 3
            seed: 7

            negative_prompt: blurry
            prompt: red potion
            output: props/potion.png
            id: potion
            """);

        Assert.That(await StateOfPotionAsync(), Is.EqualTo((AssetState.Current, string.Empty)));
    }

    [Test]
    public async Task Renaming_the_spec_file_keeps_the_key()
    {
        File.Move(_project.Path("specs/potion.yaml"), _project.Path("specs/renamed.yaml"));

        Assert.That(await StateOfPotionAsync(), Is.EqualTo((AssetState.Current, string.Empty)));
    }

    [Test]
    public async Task Changing_the_output_path_keeps_the_key()
    {
        _project.Write("specs/potion.yaml", Baseline.Replace("props/potion.png", "elsewhere/potion.png", StringComparison.Ordinal));

        var summary = await _project.BuildAsync();

        Assert.That(summary.FromCache, Is.EqualTo(1));
        Assert.That(summary.SessionsOpened, Is.Zero);
    }

    [TestCase("prompt: \"red potion\"", "prompt: \"blue potion\"", "prompt")]
    [TestCase("negative_prompt: \"blurry\"", "negative_prompt: \"\"", "negative_prompt")]
    [TestCase("seed: 7", "seed: 8", "seed")]
    [TestCase("steps: 3", "steps: 4", "steps")]
    [TestCase("cfg: 7.5", "cfg: 7", "cfg")]
    [TestCase("scheduler: euler", "scheduler: ddim", "scheduler")]
    [TestCase("scheduler: euler", "scheduler: euler\nscheduler_options:\n  beta_schedule: linear", "scheduler_options")]
    [TestCase("width: 64", "width: 72", "width")]
    [TestCase("height: 64", "height: 56", "height")]
    public async Task Changing_an_input_makes_the_asset_stale_and_names_it(string before, string after, string field)
    {
        _project.Write("specs/potion.yaml", Baseline.Replace(before, after, StringComparison.Ordinal));

        var (state, changed) = await StateOfPotionAsync();

        Assert.That(state, Is.EqualTo(AssetState.Stale));
        Assert.That(changed.Split(',')[0], Is.EqualTo(field));
    }

    [Test]
    public async Task Changing_a_model_file_makes_its_assets_stale_and_names_the_model()
    {
        var tiny = Path.GetDirectoryName(Directory.GetFiles(_project.Path(".assetforge/cache/models"), "model_index.json", SearchOption.AllDirectories).Single())!;
        CopyDirectory(tiny, _project.Path("models/mine"));
        _project.Write("assetforge.yaml", EngineProject.Config + "\nmodels:\n  mine: models/mine\n");
        _project.Write("specs/potion.yaml", Baseline + "model: mine\n");
        var copied = await _project.BuildAsync();
        Assert.That(copied.UpToDate, Is.EqualTo(1), "a copy of a model has the same fingerprint");

        File.AppendAllText(_project.Path("models/mine/model_index.json"), " ");

        Assert.That(await StateOfPotionAsync(), Is.EqualTo((AssetState.Stale, "model")));
    }

    private async Task<(AssetState, string)> StateOfPotionAsync()
    {
        var status = await _project.StatusAsync();
        var entry = status.Entries.Single(e => e.AssetId == "potion");
        return (entry.State, string.Join(",", entry.ChangedFields));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
