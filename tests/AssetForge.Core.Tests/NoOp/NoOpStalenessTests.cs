namespace AssetForge.Core.Tests.NoOp;

using AssetForge.Core.Build;
using AssetForge.Core.NoOp;
using AssetForge.Core.Specs;
using AssetForge.Core.Tests.Build;
using AssetForge.Core.Tests.Plugins;

/// <summary>
/// The no-op state never serves a stale result (#14): after each kind of change the proof fails,
/// so the CLI takes the full path, and the full build does exactly the right work. Each test
/// first makes a project whose state proves a no-op, so a check missing from the proof makes
/// the proof hold where it must not.
/// </summary>
[Category("Slow")]
public sealed class NoOpStalenessTests
{
    // A whole second: the tests that put a modification time back can do it to the nanosecond.
    private static readonly DateTime SpecTime = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private EngineProject _project = null!;

    [SetUp]
    public void SetUp() => _project = new EngineProject();

    [TearDown]
    public void TearDown() => _project.Dispose();

    [Test]
    public async Task An_unchanged_project_is_proven_a_no_op_after_a_clean_build()
    {
        await MakeProvenAsync();

        var state = NoOpProof.TryProve(_project.Root, null, out var reason);

        Assert.That(state, Is.Not.Null, reason);
        Assert.That(state!.Targets.Select(t => t.Id), Is.EqualTo(new[] { "potion", "sword" }));
    }

    [Test]
    public async Task A_spec_edited_in_the_same_second_with_the_same_size_is_rebuilt()
    {
        await MakeProvenAsync();
        var spec = _project.Path("specs/potion.yaml");
        var length = new FileInfo(spec).Length;

        // Same size, and the modification time put back (a file system with one-second times):
        // only the change time tells.
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("red potion", "tan potion", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(spec, SpecTime);
        Assert.That(new FileInfo(spec).Length, Is.EqualTo(length));

        await AssertNotProvenThenBuildsAsync(generated: 1, fromCache: 0, upToDate: 1);
    }

    [Test]
    public async Task A_touched_but_unchanged_spec_is_parsed_again_and_nothing_is_generated()
    {
        await MakeProvenAsync();
        File.SetLastWriteTimeUtc(_project.Path("specs/potion.yaml"), DateTime.UtcNow.AddSeconds(-5));

        await AssertNotProvenThenBuildsAsync(generated: 0, fromCache: 0, upToDate: 2);

        // That build may have started in the clock tick of the touch (racy: no state); the next one vouches again.
        await _project.BuildAsync();
        Assert.That(NoOpProof.TryProve(_project.Root, null, out var reason), Is.Not.Null, reason);
    }

    [Test]
    public async Task A_changed_config_is_rebuilt_under_the_new_config()
    {
        await MakeProvenAsync();
        _project.Write("assetforge.yaml", EngineProject.Config + "\noutput: art\n");

        await AssertNotProvenThenBuildsAsync(generated: 0, fromCache: 2, upToDate: 0);
        Assert.That(File.Exists(_project.Path("art/potion.png")), Is.True);
    }

    [Test]
    public async Task A_changed_default_regenerates_every_asset_that_uses_it()
    {
        await MakeProvenAsync();
        _project.Write("assetforge.yaml", EngineProject.Config.Replace("steps: 3", "steps: 4", StringComparison.Ordinal));

        await AssertNotProvenThenBuildsAsync(generated: 2, fromCache: 0, upToDate: 0);
    }

    [Test]
    public async Task A_plugin_of_another_version_is_seen_without_loading_it()
    {
        _project.Write("assetforge.yaml", EngineProject.Config + "\nplugins: [extra]\n");
        EmittedPlugin.Write(_project.Path("extra"), "Extra", version: "1.0.0");
        await MakeProvenAsync();

        // The same size, another version: only the file's stamps differ.
        EmittedPlugin.Write(_project.Path("extra"), "Extra", version: "1.0.1");

        await AssertNotProvenThenBuildsAsync(generated: 0, fromCache: 0, upToDate: 2);
    }

    [Test]
    public async Task A_changed_model_file_regenerates_the_assets_of_that_model()
    {
        // The tiny model as a model folder of the project's own.
        WriteSpecs();
        await _project.BuildAsync();
        CopyDirectory(_project.Path(".assetforge/cache/models/builtin-tiny-v1"), _project.Path("models/tiny"));
        _project.Write("models/tiny/notes.txt", "first");
        _project.Write("assetforge.yaml", EngineProject.Config.Replace("builtin:tiny", "tiny", StringComparison.Ordinal) + "\nmodels:\n  tiny: models/tiny\n");
        await MakeProvenAsync();

        _project.Write("models/tiny/notes.txt", "other");

        await AssertNotProvenThenBuildsAsync(generated: 2, fromCache: 0, upToDate: 0);
    }

    [Test]
    public async Task A_deleted_output_is_copied_back_from_the_cache()
    {
        await MakeProvenAsync();
        File.Delete(_project.Output("sword.png"));

        await AssertNotProvenThenBuildsAsync(generated: 0, fromCache: 1, upToDate: 1);
    }

    [Test]
    public async Task An_added_spec_is_generated_alone()
    {
        await MakeProvenAsync();
        _project.Write("specs/shield.yaml", EngineProject.Spec("shield", "oak shield", seed: 3));

        await AssertNotProvenThenBuildsAsync(generated: 1, fromCache: 0, upToDate: 2);
    }

    [Test]
    public async Task A_spec_added_in_a_new_folder_is_generated_alone()
    {
        await MakeProvenAsync();
        _project.Write("more/deeper/shield.yaml", EngineProject.Spec("shield", "oak shield", seed: 3));

        await AssertNotProvenThenBuildsAsync(generated: 1, fromCache: 0, upToDate: 2);
    }

    [Test]
    public async Task A_deleted_spec_leaves_its_target_out_of_the_project()
    {
        await MakeProvenAsync();
        File.Delete(_project.Path("specs/sword.yaml"));

        await AssertNotProvenThenBuildsAsync(generated: 0, fromCache: 0, upToDate: 1);
        Assert.That((await _project.StatusAsync()).Entries.Select(e => e.AssetId), Is.EqualTo(new[] { "potion" }));
    }

    [Test]
    public async Task A_build_of_some_targets_leaves_no_state_that_proves_the_rest()
    {
        await MakeProvenAsync();
        _project.Write("specs/potion.yaml", EngineProject.Spec("potion", "blue potion"));
        await _project.BuildAsync(new BuildOptions { AssetIds = ["sword"] });

        Assert.That(NoOpProof.TryProve(_project.Root, null, out _), Is.Null);
    }

    [Test]
    public async Task A_build_with_an_error_removes_the_state()
    {
        await MakeProvenAsync();
        _project.Write("specs/broken.yaml", "id: broken\nprompt: [unclosed\n");

        var summary = await _project.BuildAsync();

        Assert.That(summary.ExitCode, Is.Not.Zero);
        Assert.That(File.Exists(NoOpStateFile.PathFor(_project.Root)), Is.False);
    }

    [Test]
    public async Task An_input_changed_after_the_build_started_is_not_vouched_for()
    {
        // The racy case: a spec written after the start marker (in the same clock tick or later)
        // may have been read before its last change.
        await MakeProvenAsync();
        var config = ProjectConfigLoader.Load(_project.Root).Config!;
        using var recording = NoOpRecording.Start(_project.Root)!;
        recording.BeforeSpecSearch(config, null);
        File.WriteAllText(_project.Path("specs/potion.yaml"), EngineProject.Spec("potion", "red potion"));
        InputFileLog.NoteFile(_project.Path("specs/potion.yaml"));

        var reason = recording.Finish([("potion", _project.Output("potion.png")), ("sword", _project.Output("sword.png"))], [], clean: true);

        Assert.That(reason, Does.StartWith("racy"));
    }

    private void WriteSpecs()
    {
        _project.Write("specs/potion.yaml", EngineProject.Spec("potion", "red potion"));
        _project.Write("specs/sword.yaml", EngineProject.Spec("sword", "iron sword", seed: 2));
        File.SetLastWriteTimeUtc(_project.Path("specs/potion.yaml"), SpecTime);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    // Builds until the state proves a no-op: the first build of a project writes none (its outputs
    // and lock file change the folders it searched), the next one does.
    private async Task MakeProvenAsync()
    {
        if (!File.Exists(_project.Path("specs/potion.yaml")))
        {
            WriteSpecs();
        }

        for (var i = 0; i < 3 && NoOpProof.TryProve(_project.Root, null, out _) is null; i++)
        {
            var summary = await _project.BuildAsync();
            Assert.That(summary.ExitCode, Is.Zero, () => string.Join("\n", summary.Diagnostics));
        }

        Assert.That(NoOpProof.TryProve(_project.Root, null, out var reason), Is.Not.Null, reason);
    }

    private async Task AssertNotProvenThenBuildsAsync(int generated, int fromCache, int upToDate)
    {
        Assert.That(NoOpProof.TryProve(_project.Root, null, out _), Is.Null, "the no-op state proved a changed project unchanged");
        var summary = await _project.BuildAsync();
        Assert.That(summary.ExitCode, Is.Zero, () => string.Join("\n", summary.Diagnostics));
        Assert.That((summary.Generated, summary.FromCache, summary.UpToDate), Is.EqualTo((generated, fromCache, upToDate)));
    }
}
