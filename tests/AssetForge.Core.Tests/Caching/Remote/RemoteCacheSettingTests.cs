namespace AssetForge.Core.Tests.Caching.Remote;

using AssetForge.Core.Caching.Remote;
using AssetForge.Core.Specs;

[TestFixture]
public sealed class RemoteCacheSettingTests
{
    [Test]
    public void The_yaml_mapping_sets_every_option_and_the_auth_header_comes_from_the_environment()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("assetforge.yaml", """
            remote_cache:
              url: https://cache.example.com/team
              upload: false
              auth_header_env: TEAM_CACHE_AUTH
              timeout_seconds: 7
            """);

        var config = ProjectConfigLoader.Load(directory.Path, name => name == "TEAM_CACHE_AUTH" ? "Bearer s3cret" : null).Config!;

        Assert.That(config.RemoteCache, Is.EqualTo(new RemoteCacheOptions
        {
            Url = new Uri("https://cache.example.com/team/"),
            Upload = false,
            AuthHeaderEnvironmentVariable = "TEAM_CACHE_AUTH",
            AuthorizationHeader = "Bearer s3cret",
            Timeout = TimeSpan.FromSeconds(7),
        }));
    }

    [Test]
    public void The_environment_variable_sets_the_url_without_a_config_file()
    {
        using var directory = new TemporaryDirectory();

        var config = ProjectConfigLoader.Load(directory.Path, name => name == "ASSETFORGE_REMOTE_CACHE" ? "http://ci-cache:8080" : null).Config!;

        Assert.That(config.RemoteCache?.Url, Is.EqualTo(new Uri("http://ci-cache:8080/")));
    }

    [Test]
    public void The_environment_variable_off_disables_a_configured_remote()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("assetforge.yaml", "remote_cache: http://cache.example.com/\n");

        var config = ProjectConfigLoader.Load(directory.Path, name => name == "ASSETFORGE_REMOTE_CACHE" ? "off" : null).Config!;

        Assert.That(config.RemoteCache, Is.Null);
    }

    [Test]
    public void A_url_that_is_not_http_is_an_error_with_its_location()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("assetforge.yaml", "remote_cache:\n  url: ftp://cache\n");

        var result = ProjectConfigLoader.Load(directory.Path, _ => null);

        Assert.That(result.Config, Is.Null);
        Assert.That(result.Diagnostics.Single().ToString(), Does.Contain("(2,").And.Contain("http://"));
    }

    [Test]
    public void A_misspelt_option_is_an_error_that_suggests_the_right_one()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("assetforge.yaml", "remote_cache:\n  url: http://cache/\n  uplod: false\n");

        var result = ProjectConfigLoader.Load(directory.Path, _ => null);

        Assert.That(result.Diagnostics.Single().Message, Does.Contain("Did you mean 'upload'?"));
    }
}
