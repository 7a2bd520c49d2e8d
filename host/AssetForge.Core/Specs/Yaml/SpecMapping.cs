namespace AssetForge.Core.Specs.Yaml;

using AssetForge.Core.Diagnostics;

/// <summary>A mapping in file order; keys are unique (the reader reports and drops duplicates).</summary>
internal sealed class SpecMapping : SpecNode
{
    public SpecMapping(SourceLocation location, IReadOnlyList<KeyValuePair<SpecScalar, SpecNode>> entries)
        : base(location) => Entries = entries;

    /// <summary>Key/value pairs in file order.</summary>
    public IReadOnlyList<KeyValuePair<SpecScalar, SpecNode>> Entries { get; }

    /// <inheritdoc />
    public override string Describe() => "a mapping (key: value pairs)";
}
