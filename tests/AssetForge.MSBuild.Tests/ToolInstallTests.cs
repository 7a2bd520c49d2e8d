namespace AssetForge.MSBuild.Tests;

using System.Diagnostics;
using System.Globalization;
using AssetForge.MSBuild.Tests.Infrastructure;

/// <summary>
/// How .NET users get <c>assetforge</c> on PATH: <c>dotnet pack</c> of AssetForge.Cli into a local
/// feed, <c>dotnet tool install</c> from it (the only source), then the installed command makes and
/// builds a project, which needs the built-in plugins inside the tool package.
/// </summary>
[TestFixture]
[Category("Slow")]
[NonParallelizable]
public sealed class ToolInstallTests
{
    [Test]
    public async Task The_packed_cli_installs_from_a_local_feed_and_the_installed_command_builds_a_project()
    {
        var repoRoot = TestAssemblyMetadata.Get("RepoRoot");
        var configuration = TestAssemblyMetadata.Get("Configuration");
        var root = Path.Combine(Path.GetTempPath(), $"assetforge-tool-e2e-{Guid.NewGuid():N}");
        var feed = Path.Combine(root, "feed");
        var tools = Path.Combine(root, "tools");
        var version = $"0.0.1-tool.{DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}.{Environment.ProcessId}";
        Directory.CreateDirectory(feed);
        try
        {
            var nugetConfig = Path.Combine(root, "nuget.config");
            await File.WriteAllTextAsync(nugetConfig, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            var isolated = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") };

            var pack = await DotnetCommand.RunAsync(
                repoRoot, isolated, "pack", Path.Combine(repoRoot, "host", "AssetForge.Cli", "AssetForge.Cli.csproj"), "-c", configuration, "--no-build", "-o", feed, $"-p:PackageVersion={version}", "-nodeReuse:false");
            Assert.That(pack.ExitCode, Is.Zero, pack.Output);
            var install = await DotnetCommand.RunAsync(root, isolated, "tool", "install", "AssetForge.Cli", "--version", version, "--tool-path", tools, "--configfile", nugetConfig);
            Assert.That(install.ExitCode, Is.Zero, install.Output);

            var command = Path.Combine(tools, OperatingSystem.IsWindows() ? "assetforge.exe" : "assetforge");
            var game = Path.Combine(root, "game");
            var init = await RunAsync(command, "init", game);
            var build = await RunAsync(command, "build", game);

            Assert.That(init.ExitCode, Is.Zero, init.Output);
            Assert.That(build.ExitCode, Is.Zero, build.Output);
            Assert.That(build.Output, Does.Contain("1 generated"));
            Assert.That(File.Exists(Path.Combine(game, "out", "props", "crate.png")), Is.True);
            await TestContext.Progress.WriteLineAsync($"pack {pack.Elapsed.TotalSeconds:F1} s, install {install.Elapsed.TotalSeconds:F1} s, package {new DirectoryInfo(feed).GetFiles("*.nupkg")[0].Length / 1048576.0:F1} MiB");
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<DotnetResult> RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The installed apphost finds the runtime through DOTNET_ROOT when dotnet is not in its default place.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(dotnet) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROOT")))
        {
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet)!;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new DotnetResult(process.ExitCode, await stdout + await stderr, clock.Elapsed);
    }
}
