namespace AssetForge.Core.Specs.Yaml;

using AssetForge.Core.Diagnostics;

/// <summary>A scalar: its text as written and its core-schema kind.</summary>
internal sealed class SpecScalar : SpecNode
{
    public SpecScalar(SourceLocation location, string value, ScalarKind kind, bool quoted)
        : base(location)
    {
        Value = value;
        Kind = kind;
        IsQuoted = quoted;
    }

    /// <summary>The scalar's text (after YAML unescaping and folding).</summary>
    public string Value { get; }

    /// <summary>The core-schema kind.</summary>
    public ScalarKind Kind { get; }

    /// <summary>True for a quoted scalar (single or double); used to hint "remove the quotes".</summary>
    public bool IsQuoted { get; }

    /// <inheritdoc />
    public override string Describe() => Kind switch
    {
        ScalarKind.Null => "nothing (null)",
        ScalarKind.Bool => $"the boolean {Value}",
        ScalarKind.Integer => $"the integer {Value}",
        ScalarKind.Float => $"the number {Value}",
        _ => IsQuoted ? $"the quoted text \"{Shorten(Value)}\"" : $"the text '{Shorten(Value)}'",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
