namespace AssetForge.MSBuild.Tests.Infrastructure;

using System.Reflection;

/// <summary>Values the test project's build wrote into this assembly (<c>AssemblyMetadata</c>): the repository root, the configuration.</summary>
public static class TestAssemblyMetadata
{
    /// <summary>The value of <paramref name="key"/>; fails when the build did not write it.</summary>
    public static string Get(string key) =>
        typeof(TestAssemblyMetadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata.");
}
