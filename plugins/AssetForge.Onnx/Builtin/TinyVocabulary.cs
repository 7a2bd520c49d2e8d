namespace AssetForge.Onnx.Builtin;

using System.Text;
using System.Text.Json;

/// <summary>
/// A small vocabulary in CLIP's tokenizer format (vocab.json + merges.txt): the 256 byte-level
/// symbols, the same with the end-of-word mark, a few dozen English merges, and CLIP's start and
/// end tokens. Any text tokenizes (byte fallback), and common words become single tokens.
/// </summary>
internal static class TinyVocabulary
{
    public const string StartToken = "<|startoftext|>";
    public const string EndToken = "<|endoftext|>";
    private const string EndOfWord = "</w>";

    // Each pair's parts are base symbols or results of earlier merges (checked in Build).
    private static readonly string[] MergePairs =
    [
        "t h", "i n", "e r", "a n", "o n", "r e", "a t", "e n", "o r", "e s",
        "s t", "a l", "a r", "o u", "l e", "i s", "e d</w>", "e r</w>", "e n</w>", "o n</w>",
        "th e</w>", "in g</w>", "an d</w>", "o f</w>", "r e</w>", "k y</w>", "u n</w>", "g h", "a m", "o l",
        "i c", "o t", "a i", "re d</w>", "b l", "bl u", "blu e</w>", "g re", "gre en</w>", "c a", "ca t</w>", "d o",
        "do g</w>", "s ky</w>", "f i", "fi re</w>", "w at", "wat er</w>", "st on", "ston e</w>", "g ol", "gol d</w>",
        "p ot", "pot i", "poti on</w>", "f or", "for es", "fores t</w>", "n i", "ni gh", "nigh t</w>", "s un</w>",
        "d ar", "dar k</w>", "l i", "li gh", "ligh t</w>", "p ai", "pai n", "pain t", "paint ing</w>", "ic on</w>",
        "g am", "gam e</w>", "s w", "sw or", "swor d</w>",
    ];

    /// <summary>The merges in order and the vocabulary (symbol → id) in CLIP's id order.</summary>
    public static (IReadOnlyList<(string Left, string Right)> Merges, IReadOnlyList<string> Symbols) Build()
    {
        var byteSymbols = ByteSymbols();
        var symbols = new List<string>(byteSymbols.Length * 2 + MergePairs.Length + 2);
        symbols.AddRange(byteSymbols);
        foreach (var symbol in byteSymbols)
        {
            symbols.Add(symbol + EndOfWord);
        }

        var known = new HashSet<string>(symbols, StringComparer.Ordinal);
        var merges = new List<(string, string)>(MergePairs.Length);
        foreach (var pair in MergePairs)
        {
            var space = pair.IndexOf(' ', StringComparison.Ordinal);
            var (left, right) = (pair[..space], pair[(space + 1)..]);
            if (!known.Contains(left) || !known.Contains(right))
            {
                throw new InvalidOperationException($"Merge '{pair}' uses a symbol that is not in the vocabulary yet.");
            }

            if (!known.Add(left + right))
            {
                throw new InvalidOperationException($"Merge '{pair}' makes a symbol that is already in the vocabulary.");
            }

            merges.Add((left, right));
            symbols.Add(left + right);
        }

        symbols.Add(StartToken);
        symbols.Add(EndToken);
        return (merges, symbols);
    }

    public static byte[] VocabJson(IReadOnlyList<string> symbols)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            for (var id = 0; id < symbols.Count; id++)
            {
                writer.WriteNumber(symbols[id], id);
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static byte[] MergesText(IReadOnlyList<(string Left, string Right)> merges)
    {
        var text = new StringBuilder("#version: 0.2\n");
        foreach (var (left, right) in merges)
        {
            text.Append(left).Append(' ').Append(right).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// GPT-2/CLIP's reversible byte → printable character map, in CLIP's vocabulary order: the
    /// printable Latin-1 bytes map to themselves, the other bytes to U+0100 onwards.
    /// </summary>
    internal static string[] ByteSymbols()
    {
        var result = new string[256];
        var count = 0;
        var isPrintable = new bool[256];
        for (var b = 0; b < 256; b++)
        {
            isPrintable[b] = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            if (isPrintable[b])
            {
                result[count++] = ((char)b).ToString();
            }
        }

        var extra = 0;
        for (var b = 0; b < 256; b++)
        {
            if (!isPrintable[b])
            {
                result[count++] = ((char)(256 + extra++)).ToString();
            }
        }

        return result;
    }
}
