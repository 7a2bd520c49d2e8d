namespace AssetForge.Cli.Tests.Infrastructure;

/// <summary>
/// A small AssetForge project in its own temporary folder (own outputs, own cache), deleted
/// afterwards. Specs run on builtin:tiny at 64×64 with a few steps, so a build takes seconds.
/// </summary>
public sealed class TestProject : IDisposable
{
    /// <summary>The assetforge.yaml every test project starts with.</summary>
    public const string Config = """
        # Test project: the built-in tiny model, small and fast.
        output: out
        cache: .assetforge/cache
        defaults:
          model: builtin:tiny
          scheduler: euler
          steps: 3
          cfg: 5
          width: 64
          height: 64
        """;

    private TestProject(string directory) => Directory = directory;

    /// <summary>The project folder.</summary>
    public string Directory { get; }

    /// <summary>Creates an empty project (assetforge.yaml only).</summary>
    public static TestProject Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "assetforge-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var project = new TestProject(directory);
        project.Write("assetforge.yaml", Config);
        return project;
    }

    /// <summary>Creates a project with two icon specs: <c>icons/potion-red</c> and <c>icons/potion-blue</c>.</summary>
    public static TestProject CreateWithTwoIcons()
    {
        var project = Create();
        project.Write("icons/potion-red.yaml", Spec("red health potion, glass bottle, game icon", seed: 909090, output: "icons/potion_red.png"));
        project.Write("icons/potion-blue.yaml", Spec("blue mana potion, glass bottle, game icon", seed: 424242, output: "icons/potion_blue.png"));
        return project;
    }

    /// <summary>A one-asset spec on the project's defaults.</summary>
    public static string Spec(string prompt, ulong seed, string output) => $"""
        output: {output}
        prompt: "{prompt}"
        negative_prompt: "blurry, text, watermark"
        seed: {seed}
        """;

    /// <summary>Writes a file (text) under the project, creating folders.</summary>
    public void Write(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
    }

    /// <summary>Replaces text in a project file; fails when <paramref name="oldText"/> is not there.</summary>
    public void Edit(string relativePath, string oldText, string newText)
    {
        var path = PathOf(relativePath);
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(oldText), $"{relativePath} does not contain '{oldText}'");
        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    /// <summary>The absolute path of a file under the project.</summary>
    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath);

    /// <summary>The absolute path of an output under <c>out/</c>.</summary>
    public string OutputOf(string relativePath) => Path.Combine(Directory, "out", relativePath);

    /// <summary>Runs the CLI in the project folder: <c>assetforge verb . args</c>.</summary>
    public Task<CliResult> RunAsync(string verb, params string[] args) => Cli.RunAsync(Directory, [verb, Directory, .. args]);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
