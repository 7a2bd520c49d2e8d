namespace AssetForge.Core.Specs.Yaml;

/// <summary>What a scalar is under the YAML 1.2 core schema (quoted and block scalars are always strings).</summary>
internal enum ScalarKind
{
    /// <summary><c>~</c>, <c>null</c>, or nothing.</summary>
    Null,

    /// <summary><c>true</c> or <c>false</c> (any of the three casings the schema allows).</summary>
    Bool,

    /// <summary>Decimal, <c>0o</c> octal or <c>0x</c> hexadecimal integer.</summary>
    Integer,

    /// <summary>A decimal float, <c>.inf</c> or <c>.nan</c>.</summary>
    Float,

    /// <summary>Anything else.</summary>
    String,
}
