namespace AssetForge.Core.Hashing;

using System.Globalization;
using System.Text;
using System.Text.Json;

/// <summary>
/// The canonical encoding that keys are hashed over: JSON with object keys sorted ordinally, no
/// whitespace, strings escaped one way only, and one number format (integers as integers, other
/// doubles in shortest round-trip form, <c>-0</c> as <c>0</c>), as UTF-8. Two values that mean the
/// same thing encode to the same bytes, whatever key order, spacing or number spelling they had
/// (<c>7</c>, <c>7.0</c> and <c>7e0</c> are one number).
/// </summary>
/// <remarks>
/// Fragments are built as strings (each one a complete canonical JSON value) and composed; the
/// encoding is computed a few times per asset, never in a pixel loop, so clarity wins over speed.
/// </remarks>
public static class CanonicalJson
{
    // Integral doubles up to 2^53 are exact; beyond that the shortest round-trip form is used.
    private const double MaxExactInteger = 9007199254740992d;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical <c>null</c>.</summary>
    public const string Null = "null";

    /// <summary>Encodes a string.</summary>
    public static string String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case < ' ': builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Encodes a boolean.</summary>
    public static string Boolean(bool value) => value ? "true" : "false";

    /// <summary>Encodes an integer.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Encodes an unsigned integer.</summary>
    public static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Encodes a double: integral values as integers, others in shortest round-trip form.</summary>
    /// <exception cref="ArgumentOutOfRangeException">NaN or infinity, which JSON cannot hold.</exception>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "NaN and infinities have no canonical encoding.");
        }

        if (value == 0d)
        {
            return "0"; // -0 and 0 are one number.
        }

        if (Math.Floor(value) == value && Math.Abs(value) <= MaxExactInteger)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        // .NET's default double formatting is the shortest string that round-trips ("R").
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Encodes an object from name → canonical fragment pairs, sorting names ordinally.</summary>
    /// <exception cref="ArgumentException">A name appears twice.</exception>
    public static string Object(IEnumerable<KeyValuePair<string, string>> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, fragment) in members)
        {
            if (!sorted.TryAdd(name, fragment))
            {
                throw new ArgumentException($"The name '{name}' appears twice.", nameof(members));
            }
        }

        var builder = new StringBuilder();
        builder.Append('{');
        var first = true;
        foreach (var (name, fragment) in sorted)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            builder.Append(String(name)).Append(':').Append(fragment);
        }

        return builder.Append('}').ToString();
    }

    /// <summary>Encodes an array of canonical fragments, in the given order.</summary>
    public static string Array(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return "[" + string.Join(',', items) + "]";
    }

    /// <summary>Encodes any JSON value canonically (objects sorted, numbers normalised).</summary>
    public static string Element(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => Object(element.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, Element(p.Value)))),
        JsonValueKind.Array => Array(element.EnumerateArray().Select(Element)),
        JsonValueKind.String => String(element.GetString()!),
        JsonValueKind.Number => JsonNumber(element),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => Null,
        _ => throw new ArgumentException($"A JSON value of kind {element.ValueKind} cannot be encoded.", nameof(element)),
    };

    /// <summary>The UTF-8 bytes of a canonical text (strict: lone surrogates are refused).</summary>
    public static byte[] ToUtf8(string canonical) => StrictUtf8.GetBytes(canonical);

    private static string JsonNumber(JsonElement element)
    {
        if (element.TryGetInt64(out var signed))
        {
            return Number(signed);
        }

        if (element.TryGetUInt64(out var unsigned))
        {
            return Number(unsigned);
        }

        return Number(element.GetDouble());
    }
}
