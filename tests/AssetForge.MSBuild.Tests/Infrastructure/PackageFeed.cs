namespace AssetForge.MSBuild.Tests.Infrastructure;

using System.Globalization;

/// <summary>
/// Packs AssetForge.MSBuild (already built with the test project) into a folder feed under a
/// temporary directory, with a version no other run used, and gives it its own NuGet package
/// folder: a stale package from an earlier run can never be restored instead.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    private PackageFeed(string root, string version)
    {
        Root = root;
        Version = version;
    }

    /// <summary>The temporary folder holding the feed, the package folder and the games.</summary>
    public string Root { get; }

    /// <summary>The folder feed with the package.</summary>
    public string FeedDirectory => Path.Combine(Root, "feed");

    /// <summary>NUGET_PACKAGES for the games' restores.</summary>
    public string PackagesDirectory => Path.Combine(Root, "packages");

    /// <summary>The package version packed.</summary>
    public string Version { get; }

    /// <summary>How long packing took.</summary>
    public TimeSpan PackTime { get; private set; }

    /// <summary>Packs the package.</summary>
    public static async Task<PackageFeed> PackAsync()
    {
        var repoRoot = TestAssemblyMetadata.Get("RepoRoot");
        var configuration = TestAssemblyMetadata.Get("Configuration");
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var version = $"0.0.1-e2e.{stamp}.{Environment.ProcessId}";
        var root = Path.Combine(Path.GetTempPath(), $"assetforge-msbuild-e2e-{Guid.NewGuid():N}");
        var feed = new PackageFeed(root, version);
        Directory.CreateDirectory(feed.FeedDirectory);
        Directory.CreateDirectory(feed.PackagesDirectory);

        // -\-no-build: the solution's build already built the task and the CLI; building again here
        // would race the other test projects that run the CLI from its output folder.
        var project = Path.Combine(repoRoot, "host", "AssetForge.MSBuild", "AssetForge.MSBuild.csproj");
        var result = await DotnetCommand.RunAsync(
            repoRoot,
            new Dictionary<string, string>(),
            "pack", project, "-c", configuration, "--no-build", "-o", feed.FeedDirectory, $"-p:PackageVersion={version}", "-nodeReuse:false").ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed ({result.ExitCode}):\n{result.Output}");
        }

        feed.PackTime = result.Elapsed;
        return feed;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A reused MSBuild node may still hold a file (Windows); the temp folder is the OS's to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
