namespace AssetForge.Core.Specs.Yaml;

using AssetForge.Core.Diagnostics;

/// <summary>
/// A YAML node with its position, as the spec and config loaders see it. Anchors, aliases and
/// tags are never represented: the reader refuses them, so a tree is exactly what the file says.
/// </summary>
internal abstract class SpecNode
{
    protected SpecNode(SourceLocation location) => Location = location;

    /// <summary>Where the node starts (for a scalar: its first character, quotes included).</summary>
    public SourceLocation Location { get; }

    /// <summary>A short description for messages ("a list", "a mapping", "the text 'abc'").</summary>
    public abstract string Describe();
}
