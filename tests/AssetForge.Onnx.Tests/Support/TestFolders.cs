namespace AssetForge.Onnx.Tests.Support;

/// <summary>Temporary folders for one test run, deleted when the run ends (<see cref="TestRunCleanup"/>).</summary>
internal static class TestFolders
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "assetforge-onnx-tests", Guid.NewGuid().ToString("N"));

    public static string NewFolder() => Path.Combine(Root, Guid.NewGuid().ToString("N"));

    public static void DeleteAll()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
