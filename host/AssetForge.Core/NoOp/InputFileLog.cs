namespace AssetForge.Core.NoOp;

/// <summary>
/// The files a build's planning read or looked for (config, specs, init images, LoRAs, palettes,
/// model files, and candidate paths that were absent), and the folders whose whole content it
/// hashed (models): what a no-op state must stat to prove the keys unchanged.
/// </summary>
/// <remarks>
/// The readers (<see cref="Specs.Inputs.RegularFile"/>, the model fingerprinter, the LoRA and
/// init-image lookups) sit below many static helpers, so the log reaches them as an ambient
/// value: <see cref="Current"/> is an <see cref="AsyncLocal{T}"/>, set by one build for its own
/// async flow only (two builds side by side, as in the tests, each log their own). When no build
/// records, every call is a null check.
/// </remarks>
public sealed class InputFileLog
{
    private static readonly AsyncLocal<InputFileLog?> Ambient = new();

    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _trees = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The log of the build running on this async flow, or null.</summary>
    public static InputFileLog? Current => Ambient.Value;

    /// <summary>Files read or looked for (absolute paths).</summary>
    public IReadOnlyCollection<string> Files
    {
        get
        {
            lock (_lock)
            {
                return [.. _files];
            }
        }
    }

    /// <summary>Folders whose every file (recursively) went into a key.</summary>
    public IReadOnlyCollection<string> Trees
    {
        get
        {
            lock (_lock)
            {
                return [.. _trees];
            }
        }
    }

    /// <summary>Makes <paramref name="log"/> the current log of this async flow until the scope is disposed.</summary>
    public static IDisposable Begin(InputFileLog log)
    {
        var previous = Ambient.Value;
        Ambient.Value = log;
        return new Scope(previous);
    }

    /// <summary>Notes that the current build read (or looked for) <paramref name="path"/>.</summary>
    public static void NoteFile(string path) => Current?.Add(path, tree: false);

    /// <summary>Notes that the current build hashed every file under <paramref name="directory"/>.</summary>
    public static void NoteTree(string directory) => Current?.Add(directory, tree: true);

    private void Add(string path, bool tree)
    {
        var full = Path.GetFullPath(path);
        lock (_lock)
        {
            (tree ? _trees : _files).Add(full);
        }
    }

    private sealed class Scope(InputFileLog? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
