namespace AssetForge.Core.Tests.Specs;

using System.Text;
using AssetForge.Core.Specs;

/// <summary>A project folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempProject : IDisposable
{
    public static readonly KnownNames Known = new(
        ["euler", "euler_a", "ddim", "dpmpp_2m", "lms", "heun", "pndm"],
        [BuiltinAssetDefaults.Model]);

    public TempProject()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "assetforge-specs-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Path(string relative) => System.IO.Path.Combine(Directory, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public string Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    public string Write(string relative, byte[] bytes)
    {
        var path = Path(relative);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string CreateFolder(string relative)
    {
        var path = Path(relative);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Loads assetforge.yaml with an empty environment (no ASSETFORGE_CACHE).</summary>
    public ConfigLoadResult LoadConfig() => ProjectConfigLoader.Load(Directory, static _ => null);

    public ProjectConfig Config()
    {
        var result = LoadConfig();
        Assert.That(result.Config, Is.Not.Null, () => string.Join(Environment.NewLine, result.Diagnostics));
        return result.Config!;
    }

    public SpecLoadResult LoadAll(KnownNames? known = null) =>
        new SpecLoader(Config(), known ?? Known).LoadAll(CancellationToken.None);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
