namespace AssetForge.Core.Build;

using System.Text;
using System.Text.Json;
using AssetForge.Core.Caching;

/// <summary>
/// <c>assetforge.lock.json</c> at the project root, committed by the game team: asset id → key →
/// output sha256 (and output path), sorted by id, so <c>status --check</c> on CI can tell whether
/// committed assets are current. Written with deterministic bytes (indented, <c>\n</c> line ends)
/// and only when its content changes, so it never shows up in a diff for nothing.
/// </summary>
public sealed class LockFile
{
    /// <summary>The file name at the project root.</summary>
    public const string FileName = "assetforge.lock.json";

    private const int CurrentVersion = 1;

    private LockFile(SortedDictionary<string, LockEntry> entries) => Entries = entries;

    /// <summary>Entries by asset id.</summary>
    public SortedDictionary<string, LockEntry> Entries { get; }

    /// <summary>The lock file of a project.</summary>
    public static string PathFor(string projectDirectory) => Path.Combine(Path.GetFullPath(projectDirectory), FileName);

    /// <summary>Reads a project's lock file; absent or unreadable gives an empty one (it is rewritten by the next build).</summary>
    public static LockFile Load(string projectDirectory)
    {
        var entries = new SortedDictionary<string, LockEntry>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(PathFor(projectDirectory)));
            if (document.RootElement.TryGetProperty("assets", out var assets) && assets.ValueKind == JsonValueKind.Object)
            {
                foreach (var asset in assets.EnumerateObject())
                {
                    if (asset.Value.ValueKind == JsonValueKind.Object &&
                        asset.Value.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String &&
                        asset.Value.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.String &&
                        asset.Value.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String)
                    {
                        entries[asset.Name] = new LockEntry(key.GetString()!, output.GetString()!, sha.GetString()!);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // Missing or damaged: start afresh.
        }

        return new LockFile(entries);
    }

    /// <summary>The file's bytes: the same entries always give the same bytes.</summary>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", CurrentVersion);
            writer.WriteStartObject("assets");
            foreach (var (id, entry) in Entries)
            {
                writer.WriteStartObject(id);
                writer.WriteString("key", entry.Key);
                writer.WriteString("output", entry.Output);
                writer.WriteString("sha256", entry.Sha256);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.ToArray();
    }

    /// <summary>Writes the lock file (atomically) unless it already holds exactly these bytes. Returns whether it wrote.</summary>
    public bool Save(string projectDirectory)
    {
        var path = PathFor(projectDirectory);
        var bytes = ToBytes();
        try
        {
            if (File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            {
                return false;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // First write.
        }

        AtomicFile.Write(path, bytes);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(ToBytes());
}
