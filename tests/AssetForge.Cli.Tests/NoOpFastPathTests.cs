namespace AssetForge.Cli.Tests;

using AssetForge.Cli.Tests.Infrastructure;

/// <summary>
/// The no-op fast path end to end (#14): an unchanged project's build and status are answered
/// from its no-op state, with the full path's output; a change sends them to the full path.
/// </summary>
[Category("Slow")]
public sealed class NoOpFastPathTests
{
    private const string Proven = "no-op proven";

    [Test]
    public async Task An_unchanged_project_is_answered_by_the_fast_path_with_the_full_paths_summary()
    {
        using var project = await ProvenProjectAsync();

        var build = await project.RunAsync("build", "-v", "detailed");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.ErrorLines, Has.Some.StartsWith(Proven));
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 0, UpToDate: 2, Failed: 0)));
        Assert.That(build.OutputLines, Does.Contain("up to date icons/potion-red").And.Contain("0 model sessions opened"));
    }

    [Test]
    public async Task Status_from_the_fast_path_prints_what_the_full_path_prints()
    {
        using var project = await ProvenProjectAsync();
        var fast = await project.RunAsync("status", "--check");
        File.Delete(project.PathOf(".assetforge/noop.state"));

        var full = await project.RunAsync("status", "--check");

        Assert.That(fast.ExitCode, Is.EqualTo(0), fast.StandardError);
        Assert.That(fast.StandardOutput, Is.EqualTo(full.StandardOutput));
        Assert.That(fast.OutputLines, Does.Contain("current  icons/potion-blue").And.Contain("2 current, 0 stale, 0 missing, 0 invalid"));
    }

    [Test]
    public async Task The_msbuild_tasks_invocation_gets_the_same_json_lines_from_the_fast_path()
    {
        using var project = await ProvenProjectAsync();
        project.Write("specs.txt", "icons/potion-red.yaml\nicons/potion-blue.yaml\n");
        string[] args = ["--format", "jsonl", "--specs-from", project.PathOf("specs.txt"), "--verbosity", "minimal", "--jobs", "2"];
        await project.RunAsync("build", args); // a spec list the state has not seen: the full path, which writes the state
        var full = await project.RunAsync("build", args);
        await project.RunAsync("build", args);

        var fast = await project.RunAsync("build", [.. args[..^4], "--verbosity", "detailed", "--jobs", "2"]);

        Assert.That(fast.ExitCode, Is.EqualTo(0), fast.StandardError);
        Assert.That(fast.ErrorLines, Has.None.StartsWith("no-op not proven"));
        Assert.That(WithoutVolatileFields(fast.OutputLines), Is.EqualTo(WithoutVolatileFields(full.OutputLines.Where(l => !l.Contains("\"planned\"", StringComparison.Ordinal)))));
    }

    [Test]
    public async Task An_edited_spec_takes_the_full_path_and_regenerates_that_asset()
    {
        using var project = await ProvenProjectAsync();
        project.Edit("icons/potion-red.yaml", "red health potion", "tan health potion");

        var build = await project.RunAsync("build", "-v", "detailed");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.ErrorLines, Has.Some.StartsWith("no-op not proven (input changed: ").And.Some.Contains("potion-red.yaml"));
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 1, FromCache: 0, UpToDate: 1, Failed: 0)));
    }

    [Test]
    public async Task A_filtered_build_takes_the_full_path()
    {
        using var project = await ProvenProjectAsync();

        var build = await project.RunAsync("build", "--asset", "icons/potion-red", "-v", "detailed");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.ErrorLines, Has.None.StartsWith(Proven));
        Assert.That(build.Summary, Is.EqualTo(new BuildCounts(Generated: 0, FromCache: 0, UpToDate: 1, Failed: 0)));
    }

    // elapsedMs and peakWorkingSetBytes differ from run to run.
    private static List<string> WithoutVolatileFields(IEnumerable<string> lines) =>
        [.. lines.Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"(elapsedMs|peakWorkingSetBytes)\":[0-9]+", "\"$1\":0"))];

    // The first build writes no state (its outputs and lock file change the folders it searched); the second does.
    private static async Task<TestProject> ProvenProjectAsync()
    {
        var project = TestProject.CreateWithTwoIcons();
        Assert.That((await project.RunAsync("build")).ExitCode, Is.EqualTo(0));
        Assert.That((await project.RunAsync("build")).ExitCode, Is.EqualTo(0));
        Assert.That(File.Exists(project.PathOf(".assetforge/noop.state")), Is.True, "the second build wrote no no-op state");
        return project;
    }
}
