namespace AssetForge.Onnx.Tests;

using AssetForge.Onnx.Tests.Support;

/// <summary>Runs once after every test of the assembly (a SetUpFixture in the root namespace).</summary>
[SetUpFixture]
public sealed class TestRunCleanup
{
    [OneTimeTearDown]
    public void DeleteTemporaryFolders() => TestFolders.DeleteAll();
}
