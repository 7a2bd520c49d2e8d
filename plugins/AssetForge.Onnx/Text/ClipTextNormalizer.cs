using System.Globalization;
using System.Net;
using System.Text;

namespace AssetForge.Onnx.Text;

/// <summary>
/// CLIP's text cleanup before pre-tokenization: HTML entities decoded (twice, as CLIP does, so
/// <c>&amp;amp;amp;</c> becomes <c>&amp;</c>), NFC composition (part of what ftfy does for CLIP),
/// whitespace runs collapsed to one space, the ends stripped, and the text lower-cased with
/// Python's <c>str.lower</c> rules.
/// </summary>
internal static class ClipTextNormalizer
{
    private const char CapitalSigma = '\u03A3';

    /// <summary>The cleaned, lower-cased form of <paramref name="text"/>.</summary>
    public static string Normalize(string text)
    {
        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text));
        }

        text = text.Normalize(NormalizationForm.FormC);

        // Lower-casing can grow the text (İ becomes i + combining dot), never more than twice.
        char[]? rented = null;
        Span<char> buffer = text.Length <= 256
            ? stackalloc char[512]
            : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(text.Length * 2));
        try
        {
            int written = CollapseAndLower(text, buffer);
            return new string(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static int CollapseAndLower(string text, Span<char> destination)
    {
        int written = 0;
        bool pendingSpace = false;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (IsSpace(c))
            {
                // Leading spaces are dropped and a run becomes one space, written only if text follows.
                pendingSpace = written > 0;
                i++;
                continue;
            }

            if (pendingSpace)
            {
                destination[written++] = ' ';
                pendingSpace = false;
            }

            if (c == '\u0130')
            {
                // Python (full Unicode mapping): İ lower-cases to i + COMBINING DOT ABOVE; .NET's simple mapping gives a bare i.
                destination[written++] = 'i';
                destination[written++] = '\u0307';
                i++;
                continue;
            }

            if (c == CapitalSigma)
            {
                destination[written++] = IsFinalSigma(text, i) ? '\u03C2' : '\u03C3';
                i++;
                continue;
            }

            Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int consumed);
            if (consumed == 1 && char.IsSurrogate(c))
            {
                // A lone surrogate stays as it is (it becomes U+FFFD only at UTF-8 encoding).
                destination[written++] = c;
            }
            else
            {
                written += Rune.ToLowerInvariant(rune).EncodeToUtf16(destination[written..]);
            }

            i += consumed;
        }

        return written;
    }

    /// <summary>
    /// Python's <c>str.isspace</c> for UTF-16 units: .NET's <see cref="char.IsWhiteSpace(char)"/>
    /// plus the information separators U+001C..U+001F.
    /// </summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';

    // Unicode's Final_Sigma condition, as Python applies it: a cased letter before (skipping
    // case-ignorable characters) and none after.
    private static bool IsFinalSigma(string text, int index)
    {
        int before = index - 1;
        while (before >= 0 && IsCaseIgnorable(text[before]))
        {
            before--;
        }

        if (before < 0 || !IsCased(text[before]))
        {
            return false;
        }

        int after = index + 1;
        while (after < text.Length && IsCaseIgnorable(text[after]))
        {
            after++;
        }

        return after == text.Length || !IsCased(text[after]);
    }

    private static bool IsCased(char c) => CharUnicodeInfo.GetUnicodeCategory(c)
        is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(char c) =>
        c is '\'' or '.' or ':' or '\u00B7' or '\u2018' or '\u2019' or '\u2024' or '\u2027' or '\uFF07' or '\uFF0E' or '\uFF1A'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
}
