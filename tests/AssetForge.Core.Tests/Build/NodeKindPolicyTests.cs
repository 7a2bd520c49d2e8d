namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;
using AssetForge.Core.Tests.Caching.Remote;

/// <summary>
/// Force, no-generate and the remote cache treat every node kind alike: generations, post stages,
/// contact sheets and sprite sheets (a project with one of each).
/// </summary>
[Category("Slow")]
[NonParallelizable]
public sealed class NodeKindPolicyTests
{
    private const int Images = 4; // icons/a, icons/b and the sweep's two cells

    [Test]
    public async Task Force_reruns_every_node_kind()
    {
        using var project = Create(null);
        await project.BuildAsync();

        var forced = await project.BuildAsync(new BuildOptions { Force = true });

        Assert.That(forced.ExitCode, Is.Zero, string.Join("\n", forced.Diagnostics));
        Assert.That((forced.Generated, forced.PostStagesRun, forced.ContactSheetsDrawn, forced.SpriteSheetsPacked), Is.EqualTo((Images, 1, 1, 1)));
    }

    [Test]
    public async Task No_generate_runs_derived_nodes_from_cached_images_and_fails_only_model_nodes_that_miss()
    {
        using var project = Create(null);
        await project.BuildAsync();
        project.Write("icons/a.yaml", EngineProject.Spec("icons/a", "sword") + "post:\n  - { resize: 24x24 }\n");
        project.Write("props/new.yaml", EngineProject.Spec("props/new", "never built"));

        var summary = await project.BuildAsync(new BuildOptions { NoGenerate = true });

        Assert.That(summary.ExitCode, Is.EqualTo(1));
        Assert.That((summary.Generated, summary.PostStagesRun, summary.SpriteSheetsPacked), Is.EqualTo((0, 1, 1)), "the edited stage and the sheet after it ran");
        var failed = summary.Outcomes.Where(o => o.Kind == AssetOutcomeKind.Failed).ToList();
        Assert.That(failed.Select(o => o.AssetId), Is.EqualTo(new[] { "props/new" }));
        Assert.That(failed[0].Diagnostics.Single().Code, Is.EqualTo(EngineCodes.CacheMissWithGenerationOff));
    }

    [Test]
    public async Task A_second_clone_with_only_the_remote_runs_no_node_of_any_kind()
    {
        using var nginx = NginxServer.StartOrIgnore();
        using var first = Create(nginx.Url);
        using var second = Create(nginx.Url);

        var made = await first.BuildAsync();
        var fetched = await second.BuildAsync();

        Assert.That(made.ExitCode, Is.Zero, string.Join("\n", made.Diagnostics));
        Assert.That((made.Generated, made.PostStagesRun, made.ContactSheetsDrawn, made.SpriteSheetsPacked), Is.EqualTo((Images, 1, 1, 1)));
        Assert.That(fetched.ExitCode, Is.Zero, string.Join("\n", fetched.Diagnostics));
        Assert.That(
            (fetched.Generated, fetched.PostStagesRun, fetched.ContactSheetsDrawn, fetched.SpriteSheetsPacked, fetched.SessionsOpened),
            Is.EqualTo((0, 0, 0, 0, 0)));
        foreach (var output in new[] { "icons/a.png", "icons/b.png", "sweep.png", "ui/sheet.png", "ui/sheet.json" })
        {
            Assert.That(File.ReadAllBytes(second.Output(output)), Is.EqualTo(File.ReadAllBytes(first.Output(output))), output);
        }
    }

    private static EngineProject Create(Uri? remote)
    {
        var project = new EngineProject(remote is null ? EngineProject.Config : EngineProject.Config + $"\nremote_cache:\n  url: {remote}\n");
        project.Write("icons/a.yaml", EngineProject.Spec("icons/a", "sword") + "post:\n  - { resize: 32x32 }\n");
        project.Write("icons/b.yaml", EngineProject.Spec("icons/b", "shield"));
        project.Write("sweep.yaml", EngineProject.Spec("sweep", "barrel") + "sweep: { cfg: [5, 7] }\n");
        project.Write("ui/sheet.yaml", "output: ui/sheet.png\nsheet:\n  members: [\"icons/*\"]\n");
        return project;
    }
}
