namespace AssetForge.Core.Hashing;

using System.Globalization;
using AssetForge.Abstractions.Models;

/// <summary>The SDXL-only inputs of an action key; each is a key field only when set.</summary>
/// <param name="Prompt2">prompt_2, or null.</param>
/// <param name="NegativePrompt2">negative_prompt_2, or null.</param>
/// <param name="OriginalSize">original_size, or null.</param>
/// <param name="CropTopLeft">crop_top_left, or null.</param>
/// <param name="TargetSize">target_size, or null.</param>
public sealed record SdxlKeyInputs(string? Prompt2, string? NegativePrompt2, PixelSize? OriginalSize, CropOffset? CropTopLeft, PixelSize? TargetSize)
{
    /// <summary>None set: no key fields.</summary>
    public static SdxlKeyInputs None { get; } = new(null, null, null, null, null);

    /// <summary>Adds the set fields to <paramref name="fields"/> (canonical JSON values).</summary>
    public void AddTo(IDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (Prompt2 is not null)
        {
            fields["prompt_2"] = CanonicalJson.String(Prompt2);
        }

        if (NegativePrompt2 is not null)
        {
            fields["negative_prompt_2"] = CanonicalJson.String(NegativePrompt2);
        }

        if (OriginalSize is { } original)
        {
            fields["original_size"] = CanonicalJson.String(SizeText(original));
        }

        if (CropTopLeft is { } crop)
        {
            fields["crop_top_left"] = CanonicalJson.Array([CanonicalJson.Number(crop.Top), CanonicalJson.Number(crop.Left)]);
        }

        if (TargetSize is { } target)
        {
            fields["target_size"] = CanonicalJson.String(SizeText(target));
        }
    }

    /// <summary><c>WIDTHxHEIGHT</c>, as the spec writes it.</summary>
    public static string SizeText(PixelSize size) => string.Create(CultureInfo.InvariantCulture, $"{size.Width}x{size.Height}");
}
