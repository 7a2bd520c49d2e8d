namespace AssetForge.Core.Build;

using System.Text.Json;
using System.Text.Json.Serialization;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;

/// <summary>
/// A project's local build state, <c>.assetforge/state.json</c>: per asset id, what was last built
/// where. Local to one checkout (not committed; <c>assetforge.lock.json</c> is the shared record).
/// </summary>
public sealed class BuildState
{
    /// <summary>The state folder under the project.</summary>
    public const string DirectoryName = ".assetforge";

    /// <summary>The state file name.</summary>
    public const string FileName = "state.json";

    private const int CurrentVersion = 1;

    private readonly byte[]? _loadedBytes;

    private BuildState(SortedDictionary<string, AssetBuildRecord> assets, byte[]? loadedBytes)
    {
        Assets = assets;
        _loadedBytes = loadedBytes;
    }

    /// <summary>Records by asset id.</summary>
    public SortedDictionary<string, AssetBuildRecord> Assets { get; }

    /// <summary>The state file of a project.</summary>
    public static string PathFor(string projectDirectory) =>
        Path.Combine(Path.GetFullPath(projectDirectory), DirectoryName, FileName);

    /// <summary>Loads a project's state; an absent file is an empty state, a damaged one is reported and treated as empty.</summary>
    public static BuildState Load(string projectDirectory, Action<Diagnostic> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var path = PathFor(projectDirectory);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new BuildState(new SortedDictionary<string, AssetBuildRecord>(StringComparer.Ordinal), null);
        }

        try
        {
            var document = JsonSerializer.Deserialize(bytes, BuildJsonContext.Default.BuildStateDocument);
            if (document is { Version: CurrentVersion, Assets: { } assets })
            {
                var sorted = new SortedDictionary<string, AssetBuildRecord>(StringComparer.Ordinal);
                foreach (var (id, record) in assets)
                {
                    if (record is { Key: not null, Output: not null, Sha256: not null, Fields: not null })
                    {
                        sorted[id] = record;
                    }
                }

                return new BuildState(sorted, bytes);
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        report(Diagnostic.Warning(EngineCodes.BadBuildState, "The build state is unreadable; outputs will be checked against the cache again.", SourceLocation.FileOnly(path)));
        return new BuildState(new SortedDictionary<string, AssetBuildRecord>(StringComparer.Ordinal), null);
    }

    /// <summary>Writes the state (atomically) if it differs from what was loaded.</summary>
    public void Save(string projectDirectory)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new BuildStateDocument(CurrentVersion, Assets), BuildJsonContext.Default.BuildStateDocument);
        if (_loadedBytes is not null && bytes.AsSpan().SequenceEqual(_loadedBytes))
        {
            return;
        }

        AtomicFile.Write(PathFor(projectDirectory), bytes);
    }

    internal sealed record BuildStateDocument(
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("assets")] IDictionary<string, AssetBuildRecord>? Assets);
}
