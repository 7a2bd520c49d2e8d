namespace AssetForge.Core.Build;

/// <summary>What part of its spec an asset is.</summary>
public enum AssetRole
{
    /// <summary>A spec without variants or sweep: one image.</summary>
    Single,

    /// <summary>One seed of a spec's <c>variants:</c>.</summary>
    Variant,

    /// <summary>One cell of a spec's <c>sweep:</c>.</summary>
    SweepCell,

    /// <summary>The contact sheet of a sweep, drawn from its cells.</summary>
    ContactSheet,
}
