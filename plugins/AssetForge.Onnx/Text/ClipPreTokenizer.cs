using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace AssetForge.Onnx.Text;

/// <summary>
/// Splits normalized text into CLIP's pre-tokens, the matches of CLIP's pattern
/// <c>&lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c>,
/// in order; whitespace between them is dropped.
/// </summary>
/// <remarks>
/// Written as a scanner over code points rather than with <see cref="System.Text.RegularExpressions.Regex"/>:
/// .NET's regex classes look at UTF-16 units, so an astral letter or digit (𝓪, 𝟏, CJK extension B)
/// would fall into the "other" class as two surrogates, where Python's pattern sees a letter.
/// At each position the first alternative that matches wins, as in the pattern: specials, then a
/// contraction (only where an apostrophe starts a match: in <c>!'s</c> the apostrophe joins the
/// punctuation run), then a run of letters, one number, or a run of anything else.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
internal ref struct ClipPreTokenizer
{
    /// <summary>CLIP's start-of-text token, matched as one pre-token when it appears in the text.</summary>
    public const string StartOfText = "<|startoftext|>";

    /// <summary>CLIP's end-of-text token, matched as one pre-token when it appears in the text.</summary>
    public const string EndOfText = "<|endoftext|>";

    private readonly ReadOnlySpan<char> _text;
    private int _position;

    /// <summary>Starts scanning <paramref name="text"/>, which <see cref="ClipTextNormalizer"/> has cleaned.</summary>
    public ClipPreTokenizer(ReadOnlySpan<char> text)
    {
        _text = text;
        _position = 0;
    }

    /// <summary>Finds the next pre-token.</summary>
    /// <param name="token">The pre-token, a slice of the text.</param>
    /// <returns><see langword="false"/> at the end of the text.</returns>
    public bool MoveNext(out ReadOnlySpan<char> token)
    {
        ReadOnlySpan<char> text = _text;
        int start = _position;
        while (start < text.Length && ClipTextNormalizer.IsSpace(text[start]))
        {
            start++;
        }

        if (start == text.Length)
        {
            _position = start;
            token = default;
            return false;
        }

        int end = MatchEnd(text, start);
        _position = end;
        token = text[start..end];
        return true;
    }

    private static int MatchEnd(ReadOnlySpan<char> text, int start)
    {
        ReadOnlySpan<char> rest = text[start..];
        if (rest[0] == '<')
        {
            if (rest.StartsWith(StartOfText, StringComparison.Ordinal))
            {
                return start + StartOfText.Length;
            }

            if (rest.StartsWith(EndOfText, StringComparison.Ordinal))
            {
                return start + EndOfText.Length;
            }
        }
        else if (rest[0] == '\'' && rest.Length > 1)
        {
            int contraction = ContractionLength(rest);
            if (contraction > 0)
            {
                return start + contraction;
            }
        }

        CharClass first = Classify(rest, out int width);
        if (first == CharClass.Number)
        {
            return start + width;
        }

        int end = start + width;
        while (end < text.Length && Classify(text[end..], out width) == first)
        {
            end += width;
        }

        return end;
    }

    private static int ContractionLength(ReadOnlySpan<char> rest)
    {
        char second = rest[1];
        if (second is 's' or 't' or 'm' or 'd')
        {
            return 2;
        }

        if (rest.Length > 2)
        {
            char third = rest[2];
            if ((second == 'r' && third == 'e') || (second == 'v' && third == 'e') || (second == 'l' && third == 'l'))
            {
                return 3;
            }
        }

        return 0;
    }

    private static CharClass Classify(ReadOnlySpan<char> text, out int width)
    {
        if (ClipTextNormalizer.IsSpace(text[0]))
        {
            width = 1;
            return CharClass.Space;
        }

        if (Rune.DecodeFromUtf16(text, out Rune rune, out width) != System.Buffers.OperationStatus.Done)
        {
            return CharClass.Other;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharClass.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharClass.Number,
            _ => CharClass.Other,
        };
    }

    private enum CharClass
    {
        Space,
        Letter,
        Number,
        Other,
    }
}
