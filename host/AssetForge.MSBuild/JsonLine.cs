namespace AssetForge.MSBuild;

using System.Globalization;
using System.Text;

/// <summary>
/// One line of the CLI's <c>--format jsonl</c> output, parsed into plain values: objects become
/// <see cref="Dictionary{TKey, TValue}"/>, arrays <see cref="List{T}"/>, numbers
/// <see cref="double"/>, and strings, booleans and null themselves.
/// </summary>
/// <remarks>
/// The task targets netstandard2.0 so that Visual Studio's .NET Framework MSBuild loads it too, and
/// references nothing but MSBuild: System.Text.Json is not part of netstandard2.0, and shipping it
/// beside the task would meet whatever version the host MSBuild has already loaded. The lines are
/// small and written by our own CLI, so a strict reader of standard JSON is enough.
/// </remarks>
internal sealed class JsonLine
{
    private readonly string _text;
    private int _position;

    private JsonLine(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/> as one JSON object; throws <see cref="FormatException"/> when it is not one.</summary>
    public static Dictionary<string, object?> ParseObject(string text)
    {
        var reader = new JsonLine(text);
        reader.SkipWhitespace();
        var value = reader.ReadObject();
        reader.SkipWhitespace();
        if (reader._position != text.Length)
        {
            throw new FormatException("Text after the JSON object.");
        }

        return value;
    }

    /// <summary>The string value of <paramref name="name"/>, or null when absent or not a string.</summary>
    public static string? String(Dictionary<string, object?> values, string name) =>
        values.TryGetValue(name, out var value) ? value as string : null;

    /// <summary>The whole-number value of <paramref name="name"/>, or 0 when absent or not a number.</summary>
    public static int Int(Dictionary<string, object?> values, string name) =>
        values.TryGetValue(name, out var value) && value is double number ? (int)number : 0;

    /// <summary>The strings in the array value of <paramref name="name"/> (other items skipped).</summary>
    public static List<string> Strings(Dictionary<string, object?> values, string name)
    {
        var strings = new List<string>();
        if (values.TryGetValue(name, out var value) && value is List<object?> items)
        {
            foreach (var item in items)
            {
                if (item is string text)
                {
                    strings.Add(text);
                }
            }
        }

        return strings;
    }

    private object? ReadValue()
    {
        SkipWhitespace();
        switch (Peek())
        {
            case '{':
                return ReadObject();
            case '[':
                return ReadArray();
            case '"':
                return ReadString();
            case 't':
                Expect("true");
                return true;
            case 'f':
                Expect("false");
                return false;
            case 'n':
                Expect("null");
                return null;
            default:
                return ReadNumber();
        }
    }

    private Dictionary<string, object?> ReadObject()
    {
        Expect("{");
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return values;
        }

        while (true)
        {
            SkipWhitespace();
            var name = ReadString();
            SkipWhitespace();
            Expect(":");
            values[name] = ReadValue();
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect("}");
            return values;
        }
    }

    private List<object?> ReadArray()
    {
        Expect("[");
        var items = new List<object?>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return items;
        }

        while (true)
        {
            items.Add(ReadValue());
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect("]");
            return items;
        }
    }

    private string ReadString()
    {
        Expect("\"");
        var text = new StringBuilder();
        while (true)
        {
            var c = Next();
            if (c == '"')
            {
                return text.ToString();
            }

            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            var escaped = Next();
            switch (escaped)
            {
                case '"' or '\\' or '/':
                    text.Append(escaped);
                    break;
                case 'b':
                    text.Append('\b');
                    break;
                case 'f':
                    text.Append('\f');
                    break;
                case 'n':
                    text.Append('\n');
                    break;
                case 'r':
                    text.Append('\r');
                    break;
                case 't':
                    text.Append('\t');
                    break;
                case 'u':
                    if (_position + 4 > _text.Length || !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new FormatException("Bad \\u escape.");
                    }

                    text.Append((char)code);
                    _position += 4;
                    break;
                default:
                    throw new FormatException($"Bad escape '\\{escaped}'.");
            }
        }
    }

    private double ReadNumber()
    {
        var start = _position;
        while (_position < _text.Length && "+-0123456789.eE".IndexOf(_text[_position]) >= 0)
        {
            _position++;
        }

        return _position > start && double.TryParse(_text.Substring(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"Expected a value at {start}.");
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\r' or '\n')
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private char Next() => _position < _text.Length ? _text[_position++] : throw new FormatException("Unexpected end of the line.");

    private void Expect(string token)
    {
        if (string.CompareOrdinal(_text, _position, token, 0, token.Length) != 0)
        {
            throw new FormatException($"Expected '{token}' at {_position}.");
        }

        _position += token.Length;
    }
}
