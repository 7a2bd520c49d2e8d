namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;
using AssetForge.Core.Tests.Caching;
using AssetForge.Core.Tests.Plugins;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// A project on disk built with the real built-in plugins and <c>builtin:tiny</c> at 64×64 with
/// few steps, so a generation takes well under a second.
/// </summary>
internal sealed class EngineProject : IDisposable
{
    public const string Config = """
        defaults:
          model: builtin:tiny
          width: 64
          height: 64
          steps: 3
          scheduler: euler
        """;

    private readonly TemporaryDirectory _directory = new();

    public EngineProject(string config = Config)
    {
        Write("assetforge.yaml", config);
        Engine = new BuildEngine(NullLoggerFactory.Instance, [PluginCatalogLoaderTests.BuiltinPlugins]);
    }

    public BuildEngine Engine { get; }

    public string Root => _directory.Path;

    public string Path(string relative) => _directory.Combine(relative.Split('/'));

    public string Output(string relative) => Path("out/" + relative);

    public string Write(string relative, string content) => _directory.Write(relative, content);

    public static string Spec(string id, string prompt, int seed = 1, string output = "") => $"""
        id: {id}
        output: {(output.Length > 0 ? output : id + ".png")}
        prompt: "{prompt}"
        seed: {seed}

        """;

    public Task<BuildSummary> BuildAsync(BuildOptions? options = null, RecordingObserver? observer = null, CancellationToken cancellationToken = default) =>
        Engine.BuildAsync(Root, options ?? new BuildOptions(), observer ?? new RecordingObserver(), cancellationToken);

    public Task<StatusReport> StatusAsync() => Engine.StatusAsync(Root, CancellationToken.None);

    public void Dispose()
    {
        Engine.Dispose();
        _directory.Dispose();
    }
}
