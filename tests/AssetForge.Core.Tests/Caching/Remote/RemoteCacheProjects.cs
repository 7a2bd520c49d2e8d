namespace AssetForge.Core.Tests.Caching.Remote;

using AssetForge.Core.Tests.Build;

/// <summary>Projects that stand for machines of one team: same specs, each its own checkout and local cache.</summary>
internal static class RemoteCacheProjects
{
    public const int AssetCount = 4;

    /// <summary>A project with <see cref="AssetCount"/> assets whose assetforge.yaml names <paramref name="url"/> as its remote cache.</summary>
    public static EngineProject Create(Uri? url, string extraRemoteSettings = "")
    {
        var remote = url is null ? string.Empty : $"""

            remote_cache:
              url: {url}
            {extraRemoteSettings}
            """;
        var project = new EngineProject(EngineProject.Config + remote);
        for (var i = 0; i < AssetCount; i++)
        {
            project.Write($"icons/icon{i}.yaml", EngineProject.Spec($"icons/icon{i}", $"icon number {i}", seed: 100 + i));
        }

        return project;
    }

    public static byte[][] Outputs(EngineProject project)
    {
        var outputs = new byte[AssetCount][];
        for (var i = 0; i < AssetCount; i++)
        {
            outputs[i] = File.ReadAllBytes(project.Output($"icons/icon{i}.png"));
        }

        return outputs;
    }
}
