namespace AssetForge.Core.Specs.Yaml;

using System.Globalization;

/// <summary>
/// The YAML 1.2 core schema's resolution of plain scalars, hand-written (no regex) because it
/// runs for every scalar of every spec. YAML 1.1's <c>yes/no/on/off</c> are strings here, as in
/// YAML 1.2: <c>prompt: no</c> means the text "no".
/// </summary>
internal static class CoreSchema
{
    /// <summary>The kind of a plain (unquoted, untagged) scalar.</summary>
    public static ScalarKind ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return ScalarKind.Null;
            case "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
                return ScalarKind.Bool;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF"
                or ".nan" or ".NaN" or ".NAN":
                return ScalarKind.Float;
        }

        if (IsInteger(text))
        {
            return ScalarKind.Integer;
        }

        return IsDecimalFloat(text) ? ScalarKind.Float : ScalarKind.String;
    }

    /// <summary>
    /// Parses an integer scalar into sign and magnitude. Returns false when the magnitude does not
    /// fit in 64 bits (the caller reports it as out of range).
    /// </summary>
    public static bool TryParseInteger(string text, out bool negative, out ulong magnitude)
    {
        negative = false;
        magnitude = 0;
        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            return TryAccumulate(text.AsSpan(2), 8, ref magnitude);
        }

        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return TryAccumulate(text.AsSpan(2), 16, ref magnitude);
        }

        var digits = text.AsSpan();
        if (digits[0] is '-' or '+')
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }

        if (!TryAccumulate(digits, 10, ref magnitude))
        {
            return false;
        }

        // "-0" is zero, not negative.
        negative &= magnitude != 0;
        return true;
    }

    /// <summary>Parses a float scalar (including <c>.inf</c> and <c>.nan</c>) or an integer scalar as a double.</summary>
    public static double ParseFloat(string text)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF":
                return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN":
                return double.NaN;
        }

        if (IsInteger(text) && (text.StartsWith("0o", StringComparison.Ordinal) || text.StartsWith("0x", StringComparison.Ordinal)))
        {
            return TryParseInteger(text, out _, out var magnitude) ? magnitude : double.PositiveInfinity;
        }

        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    // [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
    private static bool IsInteger(string text)
    {
        if (text.Length > 2 && text[0] == '0' && text[1] == 'o')
        {
            return AllDigits(text.AsSpan(2), 8);
        }

        if (text.Length > 2 && text[0] == '0' && text[1] == 'x')
        {
            return AllDigits(text.AsSpan(2), 16);
        }

        var span = text.AsSpan();
        if (span.Length > 0 && span[0] is '-' or '+')
        {
            span = span[1..];
        }

        return span.Length > 0 && AllDigits(span, 10);
    }

    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    private static bool IsDecimalFloat(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }

        var integerDigits = CountDigits(text, ref i);
        var fractionDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            fractionDigits = CountDigits(text, ref i);
            if (integerDigits == 0 && fractionDigits == 0)
            {
                return false;
            }
        }
        else if (integerDigits == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '-' or '+')
            {
                i++;
            }

            if (CountDigits(text, ref i) == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static int CountDigits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i - start;
    }

    private static bool AllDigits(ReadOnlySpan<char> span, int radix)
    {
        foreach (var c in span)
        {
            if (DigitValue(c) >= radix)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryAccumulate(ReadOnlySpan<char> digits, int radix, ref ulong value)
    {
        foreach (var c in digits)
        {
            var digit = (ulong)DigitValue(c);
            if (value > (ulong.MaxValue - digit) / (ulong)radix)
            {
                return false;
            }

            value = (value * (ulong)radix) + digit;
        }

        return true;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => int.MaxValue,
    };
}
