namespace AssetForge.Core.Specs;

using System.Globalization;
using AssetForge.Abstractions.Models;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs.Yaml;

/// <summary>
/// SDXL's micro-conditioning fields: <c>original_size</c> and <c>target_size</c> as
/// <c>WIDTHxHEIGHT</c> (the form <c>resize:</c> takes; diffusers' tuples are height first, and the
/// pipeline turns them around), <c>crop_top_left</c> as <c>[top, left]</c> (diffusers' order, which
/// the name spells).
/// </summary>
internal static class SizeConditioningParser
{
    /// <summary>The largest size or offset accepted: far beyond any model's training sizes, small enough to stay exact in float32.</summary>
    public const int MaxPixels = 16384;

    public static PixelSize? ReadSize(SpecNode node, string field, List<Diagnostic> diagnostics)
    {
        var expected = $"WIDTHxHEIGHT, each a whole number from 1 to {MaxPixels}, e.g. 1024x1024";
        // 0x1024 is a hexadecimal integer to YAML: the text decides, not the scalar's kind.
        if (node is not SpecScalar { Kind: ScalarKind.String or ScalarKind.Integer } scalar || !scalar.Value.Contains('x', StringComparison.Ordinal))
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'{field}' must be {expected}, but is {node.Describe()}.", node.Location));
            return null;
        }

        var parts = scalar.Value.Trim().Split('x');
        if (parts.Length != 2 || Pixels(parts[0], 1) is not { } width || Pixels(parts[1], 1) is not { } height)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.OutOfRange, $"'{field}' must be {expected}, but is {scalar.Value}.", node.Location));
            return null;
        }

        return new PixelSize(width, height);
    }

    public static CropOffset? ReadCrop(SpecNode node, List<Diagnostic> diagnostics)
    {
        var expected = $"[top, left], each a whole number from 0 to {MaxPixels}, e.g. [0, 0]";
        if (node is not SpecSequence { Items.Count: 2 } sequence)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'{AssetFields.CropTopLeft}' must be {expected}, but is {node.Describe()}.", node.Location));
            return null;
        }

        if (sequence.Items[0] is not SpecScalar { Kind: ScalarKind.Integer } top || Pixels(top.Value, 0) is not { } topPixels ||
            sequence.Items[1] is not SpecScalar { Kind: ScalarKind.Integer } left || Pixels(left.Value, 0) is not { } leftPixels)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.OutOfRange, $"'{AssetFields.CropTopLeft}' must be {expected}.", node.Location));
            return null;
        }

        return new CropOffset(topPixels, leftPixels);
    }

    private static int? Pixels(string text, int min) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= MaxPixels ? value : null;
}
