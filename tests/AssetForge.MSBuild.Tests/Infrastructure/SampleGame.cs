namespace AssetForge.MSBuild.Tests.Infrastructure;

/// <summary>
/// A tiny console "game" that references AssetForge.MSBuild from the test feed, with three specs
/// on builtin:tiny (64×64, 4 steps), built with the real <c>dotnet build</c>.
/// </summary>
public sealed class SampleGame
{
    private readonly PackageFeed _feed;

    private SampleGame(PackageFeed feed, string directory)
    {
        _feed = feed;
        Directory = directory;
    }

    /// <summary>The game's project folder.</summary>
    public string Directory { get; }

    /// <summary>The build output folder.</summary>
    public string BinDirectory => Path.Combine(Directory, "bin", "Debug", "net10.0");

    /// <summary>The assets as copied to bin/ (relative to <see cref="BinDirectory"/>).</summary>
    public static IReadOnlyList<string> AssetsInBin { get; } = ["assets/props/crate.png", "assets/props/barrel.png", "assets/sky.png"];

    /// <summary>The assets as generated in the AssetForge project (relative to the game folder).</summary>
    public static IReadOnlyList<string> GeneratedAssets { get; } = ["assetspecs/out/props/crate.png", "assetspecs/out/props/barrel.png", "assetspecs/out/sky.png"];

    /// <summary>Writes a new game in its own folder under the feed's temporary folder.</summary>
    public static SampleGame Create(PackageFeed feed, string name)
    {
        var directory = Path.Combine(feed.Root, name);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "assetspecs", "props"));
        var game = new SampleGame(feed, directory);
        game.Write("Game.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AssetForge.MSBuild" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        game.Write("Program.cs", "Console.WriteLine(File.Exists(Path.Combine(AppContext.BaseDirectory, \"assets\", \"sky.png\")));\n");

        // The machine's sources stay (restore of anything else works as usual); the feed is added.
        game.Write("NuGet.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="assetforge-e2e" value="{feed.FeedDirectory}" />
              </packageSources>
            </configuration>
            """);
        game.Write("assetspecs/assetforge.yaml", """
            defaults:
              model: builtin:tiny
              scheduler: euler
              steps: 4
              width: 64
              height: 64
            """);
        game.Write("assetspecs/props/crate.yaml", "output: props/crate.png\nprompt: \"wooden crate\"\nseed: 1\n");
        game.Write("assetspecs/props/barrel.yaml", "output: props/barrel.png\nprompt: \"oak barrel\"\nseed: 2\n");
        game.Write("assetspecs/sky.yaml", "output: sky.png\nprompt: \"evening sky\"\nseed: 3\n");
        return game;
    }

    /// <summary>Writes a file of the game (path relative to its folder).</summary>
    public void Write(string relativePath, string content) =>
        File.WriteAllText(Path.Combine(Directory, relativePath), content.ReplaceLineEndings("\n"));

    /// <summary>Runs <c>dotnet build</c> in parallel mode with node reuse on (MSBUILDDISABLENODEREUSE is not passed on), plus <paramref name="extra"/> arguments.</summary>
    public Task<DotnetResult> BuildAsync(params string[] extra) =>
        DotnetAsync(["build", "-m:2", "-nodeReuse:true", "-v:n", .. extra]);

    /// <summary>Runs <c>dotnet clean</c>.</summary>
    public Task<DotnetResult> CleanAsync() => DotnetAsync(["clean", "-nodeReuse:true"]);

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in the game folder with the feed's package folder.</summary>
    public Task<DotnetResult> DotnetAsync(string[] arguments) =>
        DotnetCommand.RunAsync(Directory, new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = _feed.PackagesDirectory,
            ["ASSETFORGE_CACHE"] = string.Empty,

            // Every project builds in a worker node (never in the dotnet process itself), so with
            // node reuse the task runs in a long-lived node, as in an IDE or a build farm.
            ["MSBUILDNOINPROCNODE"] = "1",
        }, arguments);

    /// <summary>The last-write times of the generated assets.</summary>
    public DateTime[] GeneratedAssetTimes() =>
        [.. GeneratedAssets.Select(path => File.GetLastWriteTimeUtc(Path.Combine(Directory, path)))];
}
