namespace AssetForge.Core.Specs;

using AssetForge.Core.Diagnostics;

/// <summary>One <c>{ file, scale }</c> item of a <c>loras:</c> list as written, before its path is resolved.</summary>
/// <param name="File">The file as written.</param>
/// <param name="Scale">The scale (1 when not written; -0 is 0).</param>
/// <param name="Location">Where the item is, for errors about its file.</param>
internal sealed record WrittenLora(string File, double Scale, SourceLocation Location);
