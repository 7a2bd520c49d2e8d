namespace AssetForge.Core.Tests.Caching.Remote;

using AssetForge.Core.Caching.Remote;

/// <summary>A shared cache that is down, failing, lying or hanging never fails a build: one warning, then local generation.</summary>
[TestFixture]
public sealed class BrokenRemoteCacheTests
{
    [TestCase(FakeRemoteBehaviour.ServerError, RemoteCacheCodes.Unavailable)]
    [TestCase(FakeRemoteBehaviour.WrongBlob, RemoteCacheCodes.CorruptDownload)]
    [TestCase(FakeRemoteBehaviour.GarbageRecord, RemoteCacheCodes.CorruptDownload)]
    [TestCase(FakeRemoteBehaviour.Hang, RemoteCacheCodes.Unavailable)]
    public async Task A_misbehaving_remote_gives_one_warning_and_the_build_succeeds(FakeRemoteBehaviour behaviour, string code)
    {
        using var server = new FakeRemoteServer(behaviour);
        using var project = RemoteCacheProjects.Create(server.Url, "  timeout_seconds: 1");

        var summary = await project.BuildAsync();

        Assert.That(summary.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { code }));
        Assert.That((summary.ExitCode, summary.Generated), Is.EqualTo((0, RemoteCacheProjects.AssetCount)));
        Assert.That(server.Requests, Is.GreaterThan(0));
    }

    [Test]
    public async Task A_remote_that_is_down_gives_one_warning_and_the_build_succeeds()
    {
        using var project = RemoteCacheProjects.Create(new Uri("http://127.0.0.1:9/"), "  timeout_seconds: 2");

        var summary = await project.BuildAsync();

        Assert.That(summary.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { RemoteCacheCodes.Unavailable }));
        Assert.That((summary.ExitCode, summary.Generated), Is.EqualTo((0, RemoteCacheProjects.AssetCount)));
    }

    [Test]
    public async Task A_wrong_blob_never_reaches_the_local_store()
    {
        using var server = new FakeRemoteServer(FakeRemoteBehaviour.WrongBlob);
        using var project = RemoteCacheProjects.Create(server.Url, "  timeout_seconds: 1");

        await project.BuildAsync();

        var objects = Directory.GetFiles(System.IO.Path.Combine(project.Root, ".assetforge", "cache", "objects"), "*", SearchOption.AllDirectories);
        Assert.That(objects, Has.Length.EqualTo(RemoteCacheProjects.AssetCount), "only the locally generated blobs");
    }
}
