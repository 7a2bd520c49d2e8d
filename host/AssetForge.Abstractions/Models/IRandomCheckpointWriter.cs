namespace AssetForge.Abstractions.Models;

/// <summary>
/// A model backend that can write a checkpoint with random weights and a real model's architecture
/// (<c>assetforge model random --like sd15 DIR</c>), so benchmarks and GPU checks need no download.
/// </summary>
/// <remarks>Added in contract 1.4. A backend implements it in addition to <see cref="IModelBackend"/>.</remarks>
public interface IRandomCheckpointWriter
{
    /// <summary>The architectures it writes, e.g. <c>sd15</c>, <c>sd21</c>.</summary>
    IReadOnlyList<string> RandomCheckpointKinds { get; }

    /// <summary>
    /// Writes a checkpoint of architecture <paramref name="like"/> (one of <see cref="RandomCheckpointKinds"/>)
    /// into <paramref name="directory"/>, which must be empty or absent; the same seed always gives the same files.
    /// </summary>
    /// <exception cref="Plugins.PluginException">The architecture is unknown or the folder is not empty.</exception>
    void WriteRandomCheckpoint(string like, string directory, ulong seed, CancellationToken cancellationToken);
}
