namespace AssetForge.Abstractions.PostProcessing;

/// <summary>One named extra output of an <see cref="IExtraOutputPostStep"/>.</summary>
/// <param name="Name">The output's name: its target is <c>&lt;asset&gt;:&lt;name&gt;</c> (e.g. <c>normal</c>).</param>
/// <param name="Suffix">What the file name gains after the main output's stem (e.g. <c>_n</c>: <c>ground.png</c> → <c>ground_n.png</c>).</param>
/// <param name="Format">Its encoding: <c>png</c>, <c>webp</c> or <c>jpeg</c> (the file's extension follows it).</param>
/// <remarks>Added in contract 1.3.</remarks>
public sealed record PostStepExtraOutput(string Name, string Suffix, string Format);
