namespace AssetForge.Core.Tests.Caching.Remote;

using AssetForge.Core.Build;
using AssetForge.Core.Caching;
using AssetForge.Core.Caching.Remote;
using AssetForge.Core.Tests.Build;

/// <summary>Two machines sharing a real nginx (WebDAV PUT) as their Bazel HTTP cache.</summary>
[TestFixture]
[NonParallelizable]
public sealed class NginxRemoteCacheTests
{
    private NginxServer _nginx = null!;

    [SetUp]
    public void StartNginx() => _nginx = NginxServer.StartOrIgnore();

    [TearDown]
    public void StopNginx() => _nginx?.Dispose();

    [Test]
    public async Task A_second_machine_generates_nothing_and_gets_identical_bytes()
    {
        using var first = RemoteCacheProjects.Create(_nginx.Url);
        using var second = RemoteCacheProjects.Create(_nginx.Url);

        var made = await first.BuildAsync();
        var fetched = await second.BuildAsync();

        Assert.That((made.Generated, made.ExitCode), Is.EqualTo((RemoteCacheProjects.AssetCount, 0)), string.Join('\n', made.Diagnostics));
        Assert.That((fetched.Generated, fetched.FromCache, fetched.SessionsOpened, fetched.ExitCode), Is.EqualTo((0, RemoteCacheProjects.AssetCount, 0, 0)), string.Join('\n', fetched.Diagnostics));
        Assert.That(RemoteCacheProjects.Outputs(second), Is.EqualTo(RemoteCacheProjects.Outputs(first)));
    }

    [Test]
    public async Task Generated_results_are_uploaded_as_ac_and_cas_entries()
    {
        using var project = RemoteCacheProjects.Create(_nginx.Url);

        await project.BuildAsync();

        Assert.That((_nginx.Files("ac").Length, _nginx.Files("cas").Length), Is.EqualTo((RemoteCacheProjects.AssetCount, RemoteCacheProjects.AssetCount)));
    }

    [Test]
    public async Task With_upload_off_nothing_is_uploaded()
    {
        using var project = RemoteCacheProjects.Create(_nginx.Url, "  upload: false");

        var summary = await project.BuildAsync();

        Assert.That(summary.Generated, Is.EqualTo(RemoteCacheProjects.AssetCount));
        Assert.That(_nginx.Files("ac"), Is.Empty);
    }

    [Test]
    public async Task The_command_line_url_overrides_a_project_without_one()
    {
        using var first = RemoteCacheProjects.Create(null);
        using var second = RemoteCacheProjects.Create(null);

        await first.BuildAsync(new BuildOptions { RemoteCache = _nginx.Url.ToString() });
        var fetched = await second.BuildAsync(new BuildOptions { RemoteCache = _nginx.Url.ToString() });

        Assert.That(fetched.Generated, Is.Zero);
    }

    [Test]
    public async Task A_flipped_byte_in_a_local_blob_is_reported_and_refetched_from_the_remote()
    {
        using var project = RemoteCacheProjects.Create(_nginx.Url);
        await project.BuildAsync();
        var expected = RemoteCacheProjects.Outputs(project);
        var blob = Directory.GetFiles(System.IO.Path.Combine(project.Root, ".assetforge", "cache", "objects"), "*", SearchOption.AllDirectories).First();
        var bytes = File.ReadAllBytes(blob);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(blob, bytes);
        File.Delete(System.IO.Path.Combine(project.Root, ".assetforge", "state.json"));
        foreach (var output in Directory.GetFiles(System.IO.Path.Combine(project.Root, "out"), "*.png", SearchOption.AllDirectories))
        {
            File.Delete(output);
        }

        var rebuilt = await project.BuildAsync();

        Assert.That(rebuilt.Diagnostics.Select(d => d.Code), Does.Contain(ContentStore.CorruptBlobCode));
        Assert.That((rebuilt.Generated, rebuilt.FromCache), Is.EqualTo((0, RemoteCacheProjects.AssetCount)));
        Assert.That(RemoteCacheProjects.Outputs(project), Is.EqualTo(expected));
    }

    [Test]
    public async Task A_blob_corrupted_on_the_server_is_refused_and_the_asset_generated_locally()
    {
        using var first = RemoteCacheProjects.Create(_nginx.Url);
        using var second = RemoteCacheProjects.Create(_nginx.Url);
        await first.BuildAsync();
        foreach (var blob in _nginx.Files("cas"))
        {
            var bytes = File.ReadAllBytes(blob);
            bytes[^1] ^= 0xFF;
            File.WriteAllBytes(blob, bytes);
        }

        var summary = await second.BuildAsync();

        Assert.That(summary.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { RemoteCacheCodes.CorruptDownload }));
        Assert.That((summary.Generated, summary.ExitCode), Is.EqualTo((RemoteCacheProjects.AssetCount, 0)));
        Assert.That(RemoteCacheProjects.Outputs(second), Is.EqualTo(RemoteCacheProjects.Outputs(first)));
    }
}
