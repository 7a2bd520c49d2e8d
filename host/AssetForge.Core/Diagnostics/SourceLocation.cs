namespace AssetForge.Core.Diagnostics;

/// <summary>A position in a file: 1-based line and column, as MSBuild and IDEs expect.</summary>
public readonly record struct SourceLocation(string Path, int Line, int Column)
{
    /// <summary>A location that names only a file.</summary>
    public static SourceLocation FileOnly(string path) => new(path, 0, 0);

    /// <summary>Formats as <c>path(line,col)</c>, or <c>path</c> when the position is unknown.</summary>
    public override string ToString() => Line > 0 ? $"{Path}({Line},{Math.Max(Column, 1)})" : Path;
}
