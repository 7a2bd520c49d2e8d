namespace AssetForge.Cli.Tests;

using System.Text.Json;
using AssetForge.Cli.Tests.Infrastructure;

/// <summary><c>build --timings</c> and the timing fields of <c>--format jsonl</c>.</summary>
public sealed class TimingsTests
{
    [Test]
    public async Task Build_with_timings_prints_the_model_load_each_generated_asset_and_the_peak_memory()
    {
        using var project = TestProject.CreateWithTwoIcons();
        var build = await project.RunAsync("build", "--timings");
        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        Assert.That(build.StandardOutput, Does.Match(@"model \S+ on cpu: loaded in \d+ ms"));
        Assert.That(build.StandardOutput, Does.Contain("text-enc ms").And.Contain("icons/potion-blue").And.Contain("icons/potion-red"));
        Assert.That(build.StandardOutput, Does.Match(@"peak memory \(working set\): \d+\.\d\d GiB"));
    }

    [Test]
    public async Task A_jsonl_asset_line_has_one_unet_time_per_step()
    {
        using var project = TestProject.Create();
        project.Write("icon.yaml", "output: icon.png\nprompt: \"red potion\"\nseed: 3\nsteps: 5\n");
        var build = await project.RunAsync("build", "--format", "jsonl");
        Assert.That(build.ExitCode, Is.EqualTo(0), build.StandardError);
        var asset = Lines(build.StandardOutput).Single(l => l.GetProperty("type").GetString() == "asset");
        var timings = asset.GetProperty("timings");
        Assert.That(timings.GetProperty("unetStepMs").GetArrayLength(), Is.EqualTo(5));
        Assert.That(timings.GetProperty("vaeMs").GetDouble(), Is.GreaterThan(0));
    }

    [Test]
    public async Task The_jsonl_output_reports_the_model_load_and_the_peak_memory()
    {
        using var project = TestProject.CreateWithTwoIcons();
        var build = await project.RunAsync("build", "--format", "jsonl");
        var lines = Lines(build.StandardOutput);
        var model = lines.Single(l => l.GetProperty("type").GetString() == "model");
        Assert.That((model.GetProperty("executionProvider").GetString(), model.GetProperty("loadMs").GetDouble() > 0), Is.EqualTo(("cpu", true)));
        Assert.That(lines.Last().GetProperty("peakWorkingSetBytes").GetInt64(), Is.GreaterThan(0));
    }

    private static List<JsonElement> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)];
}
