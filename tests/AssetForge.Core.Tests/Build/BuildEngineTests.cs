namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;
using AssetForge.Core.Caching;

[Category("Slow")]
public sealed class BuildEngineTests
{
    private EngineProject _project = null!;

    [SetUp]
    public void SetUp()
    {
        _project = new EngineProject();
        _project.Write("specs/potion.yaml", EngineProject.Spec("potion", "red potion"));
        _project.Write("specs/sword.yaml", EngineProject.Spec("sword", "iron sword", seed: 2));
    }

    [TearDown]
    public void TearDown() => _project.Dispose();

    [Test]
    public async Task The_first_build_generates_every_asset()
    {
        var summary = await _project.BuildAsync();

        Assert.That(summary.ExitCode, Is.Zero, () => string.Join("\n", summary.Diagnostics));
        Assert.That(summary.Generated, Is.EqualTo(2));
        Assert.That(summary.SessionsOpened, Is.EqualTo(1));
        Assert.That(File.ReadAllBytes(_project.Output("potion.png"))[..4], Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        Assert.That(File.Exists(_project.Path(LockFile.FileName)), Is.True);
    }

    [Test]
    public async Task A_second_build_is_up_to_date_and_opens_no_model()
    {
        await _project.BuildAsync();
        var observer = new RecordingObserver();

        var summary = await _project.BuildAsync(observer: observer);

        Assert.That(summary.ExitCode, Is.Zero);
        Assert.That(summary.UpToDate, Is.EqualTo(2));
        Assert.That(summary.SessionsOpened, Is.Zero);
        Assert.That(observer.Steps, Is.Zero);
    }

    [Test]
    public async Task Editing_a_prompt_regenerates_exactly_that_asset_and_status_names_the_prompt()
    {
        await _project.BuildAsync();
        _project.Write("specs/potion.yaml", EngineProject.Spec("potion", "blue potion"));

        var status = await _project.StatusAsync();
        var summary = await _project.BuildAsync();

        var potion = status.Entries.Single(e => e.AssetId == "potion");
        Assert.That(potion.State, Is.EqualTo(AssetState.Stale));
        Assert.That(potion.ChangedFields[0], Is.EqualTo("prompt"));
        Assert.That(status.Entries.Single(e => e.AssetId == "sword").State, Is.EqualTo(AssetState.Current));
        Assert.That(summary.Outcomes.Single(o => o.AssetId == "potion").Kind, Is.EqualTo(AssetOutcomeKind.Generated));
        Assert.That(summary.Outcomes.Single(o => o.AssetId == "sword").Kind, Is.EqualTo(AssetOutcomeKind.UpToDate));
    }

    [Test]
    public async Task Status_after_a_build_is_all_current_and_opens_no_model()
    {
        await _project.BuildAsync();

        var status = await _project.StatusAsync();

        Assert.That(status.ExitCode, Is.Zero);
        Assert.That(status.Entries.Select(e => e.State), Is.All.EqualTo(AssetState.Current));
    }

    [Test]
    public async Task A_deleted_output_comes_back_from_the_cache_without_generating()
    {
        await _project.BuildAsync();
        var original = File.ReadAllBytes(_project.Output("potion.png"));
        File.Delete(_project.Output("potion.png"));
        Assert.That((await _project.StatusAsync()).Entries.Single(e => e.AssetId == "potion").State, Is.EqualTo(AssetState.Missing));

        var summary = await _project.BuildAsync();

        Assert.That(summary.Outcomes.Single(o => o.AssetId == "potion").Kind, Is.EqualTo(AssetOutcomeKind.FromCache));
        Assert.That(summary.SessionsOpened, Is.Zero);
        Assert.That(File.ReadAllBytes(_project.Output("potion.png")), Is.EqualTo(original));
    }

    [Test]
    public async Task Moving_an_output_rematerialises_it_with_the_same_key()
    {
        var first = await _project.BuildAsync();
        _project.Write("specs/potion.yaml", EngineProject.Spec("potion", "red potion", output: "props/moved.png"));

        var summary = await _project.BuildAsync();

        var moved = summary.Outcomes.Single(o => o.AssetId == "potion");
        Assert.That(moved.Kind, Is.EqualTo(AssetOutcomeKind.FromCache));
        Assert.That(moved.ActionKey, Is.EqualTo(first.Outcomes.Single(o => o.AssetId == "potion").ActionKey));
        Assert.That(File.Exists(_project.Output("props/moved.png")), Is.True);
    }

    [Test]
    public async Task Generation_is_reproducible_byte_for_byte()
    {
        await _project.BuildAsync();
        var first = File.ReadAllBytes(_project.Output("potion.png"));

        await _project.BuildAsync(new BuildOptions { Force = true });

        Assert.That(File.ReadAllBytes(_project.Output("potion.png")), Is.EqualTo(first));
    }

    [Test]
    public async Task Force_regenerates_even_when_current()
    {
        await _project.BuildAsync();

        var summary = await _project.BuildAsync(new BuildOptions { Force = true });

        Assert.That(summary.Generated, Is.EqualTo(2));
        Assert.That(summary.SessionsOpened, Is.EqualTo(1));
    }

    [Test]
    public async Task A_bad_spec_fails_alone_while_the_others_build()
    {
        _project.Write("specs/broken.yaml", "id: broken\nprompt: \"x\"\nseed: 1\nsteps: many\n");

        var summary = await _project.BuildAsync();

        Assert.That(summary.ExitCode, Is.EqualTo(1));
        Assert.That(summary.Generated, Is.EqualTo(2));
        var failed = summary.Outcomes.Single(o => o.Kind == AssetOutcomeKind.Failed);
        Assert.That(failed.AssetId, Does.Contain("broken"));
        Assert.That(failed.Diagnostics, Is.Not.Empty);
        Assert.That(failed.Diagnostics[0].Location?.Line, Is.EqualTo(4));
    }

    [Test]
    public async Task A_bad_scheduler_option_fails_that_asset_at_its_line()
    {
        _project.Write("specs/odd.yaml", EngineProject.Spec("odd", "odd") + "scheduler_options:\n  no_such_option: 3\n");

        var summary = await _project.BuildAsync();

        var failed = summary.Outcomes.Single(o => o.AssetId == "odd");
        Assert.That(failed.Kind, Is.EqualTo(AssetOutcomeKind.Failed));
        Assert.That(summary.Generated, Is.EqualTo(2));
        Assert.That(failed.Diagnostics.Single().Location?.Line, Is.EqualTo(6), failed.Diagnostics.Single().ToString());
    }

    [Test]
    public async Task A_corrupt_blob_is_reported_and_the_asset_rebuilt()
    {
        var first = await _project.BuildAsync();
        var store = new ContentStore(_project.Path(".assetforge/cache"));
        var key = first.Outcomes.Single(o => o.AssetId == "potion").ActionKey!;
        Assert.That(AssetForge.Core.Hashing.ActionKey.TryParse(key, out var parsed), Is.True);
        var blob = store.BlobPath(store.TryGetAction(parsed!.Value, _ => { })!.Outputs[0].Sha256);
        var good = File.ReadAllBytes(blob);
        var bad = (byte[])good.Clone();
        bad[bad.Length / 2] ^= 0xFF;
        File.WriteAllBytes(blob, bad);
        File.Delete(_project.Output("potion.png"));

        var summary = await _project.BuildAsync();

        Assert.That(summary.Outcomes.Single(o => o.AssetId == "potion").Kind, Is.EqualTo(AssetOutcomeKind.Generated));
        Assert.That(summary.Diagnostics.Select(d => d.Code), Does.Contain(ContentStore.CorruptBlobCode));
        Assert.That(File.ReadAllBytes(_project.Output("potion.png")), Is.EqualTo(good));
        Assert.That(File.ReadAllBytes(blob), Is.EqualTo(good));
    }

    [Test]
    public async Task A_model_that_fails_to_open_fails_its_assets_only()
    {
        _project.Write("assetforge.yaml", EngineProject.Config + "\nmodels:\n  bogus: bogus-model\n");
        _project.Write("bogus-model/model_index.json", "{}");
        _project.Write("specs/bogus.yaml", EngineProject.Spec("bogus", "anything") + "model: bogus\n");

        var summary = await _project.BuildAsync();

        Assert.That(summary.ExitCode, Is.EqualTo(1));
        Assert.That(summary.Generated, Is.EqualTo(2));
        var failed = summary.Outcomes.Single(o => o.AssetId == "bogus");
        Assert.That(failed.Kind, Is.EqualTo(AssetOutcomeKind.Failed));
        Assert.That(failed.Diagnostics.Single().Code, Does.StartWith("AF3"));
        Assert.That(failed.Diagnostics.Single().Message, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task A_cancelled_build_leaves_nothing_half_written()
    {
        using var cancel = new CancellationTokenSource();

        var summary = await _project.BuildAsync(observer: new RecordingObserver(cancelOnStep: cancel), cancellationToken: cancel.Token);

        Assert.That(summary.Cancelled, Is.True);
        Assert.That(summary.ExitCode, Is.EqualTo(1));
        Assert.That(summary.Outcomes.Select(o => o.Kind), Is.All.EqualTo(AssetOutcomeKind.Cancelled));
        Assert.That(Directory.Exists(_project.Path("out")) ? Directory.GetFiles(_project.Path("out"), "*", SearchOption.AllDirectories) : [], Is.Empty);
        Assert.That(Directory.GetFiles(_project.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task Clean_deletes_outputs_and_state_but_keeps_the_cache()
    {
        await _project.BuildAsync();

        var deleted = await _project.Engine.CleanAsync(_project.Root, CancellationToken.None);
        var rebuilt = await _project.BuildAsync();

        Assert.That(deleted, Is.EqualTo(2));
        Assert.That(rebuilt.FromCache, Is.EqualTo(2));
        Assert.That(rebuilt.SessionsOpened, Is.Zero);
    }

    [Test]
    public async Task The_lock_file_is_sorted_and_rewritten_only_when_it_changes()
    {
        await _project.BuildAsync();
        var lockPath = _project.Path(LockFile.FileName);
        var text = File.ReadAllText(lockPath);
        var written = File.GetLastWriteTimeUtc(lockPath);
        File.SetLastWriteTimeUtc(lockPath, written.AddHours(-1));

        await _project.BuildAsync();

        Assert.That(text.IndexOf("\"potion\"", StringComparison.Ordinal), Is.LessThan(text.IndexOf("\"sword\"", StringComparison.Ordinal)));
        Assert.That(text, Does.Not.Contain("\r"));
        Assert.That(File.GetLastWriteTimeUtc(lockPath), Is.EqualTo(written.AddHours(-1)));
    }

    [Test]
    public async Task A_configuration_error_exits_with_2()
    {
        _project.Write("assetforge.yaml", "execution_provider: warp-drive\n");

        var summary = await _project.BuildAsync();

        Assert.That(summary.ExitCode, Is.EqualTo(2));
        Assert.That(summary.Outcomes, Is.Empty);
    }

    [Test]
    public async Task Building_chosen_assets_builds_only_those()
    {
        var summary = await _project.BuildAsync(new BuildOptions { AssetIds = ["sword"] });

        Assert.That(summary.Outcomes.Select(o => o.AssetId), Is.EqualTo(new[] { "sword" }));
        Assert.That(File.Exists(_project.Output("potion.png")), Is.False);
    }

    [Test]
    public async Task Asking_for_an_unknown_asset_is_a_usage_error_with_a_suggestion()
    {
        var summary = await _project.BuildAsync(new BuildOptions { AssetIds = ["potoin"] });

        Assert.That(summary.ExitCode, Is.EqualTo(2));
        Assert.That(summary.Diagnostics.Single().Message, Does.Contain("potoin").And.Contain("potion"));
    }
}
