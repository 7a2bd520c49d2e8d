namespace AssetForge.Core.Specs;

/// <summary>Finds, parses and validates a project's spec files.</summary>
public sealed class SpecLoader
{
    private readonly ProjectConfig _config;
    private readonly KnownNames _known;

    /// <summary>Creates a loader for a project.</summary>
    public SpecLoader(ProjectConfig config, KnownNames known)
    {
        _config = config;
        _known = known;
    }

    /// <summary>Loads every spec file of the project.</summary>
    public SpecLoadResult LoadAll(CancellationToken cancellationToken) =>
        throw new NotImplementedException("TODO(spec helper)");

    /// <summary>Loads the given spec files only (absolute paths).</summary>
    public SpecLoadResult Load(IEnumerable<string> specFiles, CancellationToken cancellationToken) =>
        throw new NotImplementedException("TODO(spec helper)");
}
