namespace AssetForge.Onnx.Tests.Support;

using AssetForge.Abstractions.Models;
using AssetForge.Onnx.Builtin;

/// <summary>One tiny model on disk per test run, shared by the tests that only read it.</summary>
internal static class TinyModelFixture
{
    private static readonly Lazy<string> LazyDirectory = new(() =>
    {
        var root = TestFolders.NewFolder();
        return TinyModelWriter.Ensure(root, CancellationToken.None);
    });

    public static string Directory => LazyDirectory.Value;

    public static ImageJob Job(
        string prompt = "red potion icon",
        string negativePrompt = "",
        ulong seed = 42,
        int steps = 8,
        double cfg = 7.5,
        int size = 64) =>
        new(prompt, negativePrompt, size, size, cfg, new TestEulerScheduler(steps), new TestNoiseSource(seed));

    /// <summary>Copies the tiny model to a new folder, for tests that replace one of its files.</summary>
    public static string CopyTo(string name)
    {
        var target = Path.Combine(TestFolders.NewFolder(), name);
        foreach (var file in TinyModelWriter.Files)
        {
            var destination = Path.Combine(target, file);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(Directory, file), destination);
        }

        return target;
    }
}
