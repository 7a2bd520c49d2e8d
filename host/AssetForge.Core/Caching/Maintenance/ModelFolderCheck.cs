namespace AssetForge.Core.Caching.Maintenance;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;

/// <summary>
/// Content-checks the model folders a backend derives into the cache (<c>&lt;cache&gt;/models/*</c>,
/// e.g. builtin:tiny), like every other cache entry: each such folder carries a <c>.SHA256SUMS</c>
/// manifest in sha256sum's format (<c>hex␠␠relative/path</c> per line), written by the backend when
/// it wrote the folder. The manifest is a plain convention rather than shared code, because a
/// backend is a plugin and sees only the contracts. Dot-named, so model fingerprints skip it.
/// </summary>
public static class ModelFolderCheck
{
    /// <summary>The manifest's file name inside a derived model folder.</summary>
    public const string ManifestFileName = ".SHA256SUMS";

    /// <summary>One problem per damaged folder under <paramref name="modelsDirectory"/> (none when it does not exist); deletes nothing.</summary>
    public static async Task<IReadOnlyList<Diagnostic>> VerifyAsync(string modelsDirectory, CancellationToken cancellationToken)
    {
        var problems = new List<Diagnostic>();
        if (!Directory.Exists(modelsDirectory))
        {
            return problems;
        }

        foreach (var folder in Directory.EnumerateDirectories(modelsDirectory))
        {
            var manifest = Path.Combine(folder, ManifestFileName);
            if (Path.GetFileName(folder).StartsWith('.') || !File.Exists(manifest))
            {
                continue;
            }

            if (await FirstMismatchAsync(folder, manifest, cancellationToken).ConfigureAwait(false) is { } damage)
            {
                problems.Add(Diagnostic.Warning(
                    ContentStore.CorruptModelCode,
                    $"The derived model folder '{Path.GetFileName(folder)}' is damaged: {damage}. The next build that uses it writes it again.",
                    SourceLocation.FileOnly(folder)));
            }
        }

        return problems;
    }

    private static async Task<string?> FirstMismatchAsync(string folder, string manifest, CancellationToken cancellationToken)
    {
        foreach (var line in await File.ReadAllLinesAsync(manifest, cancellationToken).ConfigureAwait(false))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var separator = line.IndexOf("  ", StringComparison.Ordinal);
            if (separator != ContentHash.HexLength || !ContentHash.IsValid(line[..separator]))
            {
                return $"its {ManifestFileName} has a malformed line";
            }

            var relative = line[(separator + 2)..];
            var path = Path.GetFullPath(Path.Combine(folder, relative));
            if (!path.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return $"its {ManifestFileName} names a path outside it ({relative})";
            }

            if (!File.Exists(path))
            {
                return $"{relative} is missing";
            }

            var (actual, length) = await ContentHash.OfFileAsync(path, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(actual, line[..separator], StringComparison.Ordinal))
            {
                return $"{relative} ({length} bytes) hashes to {actual}, not {line[..separator]}";
            }
        }

        return null;
    }
}
