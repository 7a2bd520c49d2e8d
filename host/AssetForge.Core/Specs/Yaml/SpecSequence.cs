namespace AssetForge.Core.Specs.Yaml;

using AssetForge.Core.Diagnostics;

/// <summary>A sequence (list) in file order.</summary>
internal sealed class SpecSequence : SpecNode
{
    public SpecSequence(SourceLocation location, IReadOnlyList<SpecNode> items)
        : base(location) => Items = items;

    /// <summary>The items in file order.</summary>
    public IReadOnlyList<SpecNode> Items { get; }

    /// <inheritdoc />
    public override string Describe() => "a list";
}
