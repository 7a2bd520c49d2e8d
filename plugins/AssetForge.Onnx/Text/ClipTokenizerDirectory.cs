using System.Text.Json;
using AssetForge.Abstractions.Plugins;

namespace AssetForge.Onnx.Text;

/// <summary>
/// Reads a Stable Diffusion export's tokenizer/ folder: vocab.json (token → id), merges.txt (a
/// <c>#version</c> header, then one <c>left right</c> merge per line, rank = line order), and the
/// optional special_tokens_map.json / tokenizer_config.json for the special tokens and the length.
/// </summary>
internal static class ClipTokenizerDirectory
{
    /// <summary>The diagnostic code for a missing or malformed tokenizer file.</summary>
    public const string ErrorCode = "AF3008";

    private const string EndOfWordSuffix = "</w>";

    /// <summary>Builds the tokenizer from the files in <paramref name="directory"/>.</summary>
    /// <exception cref="PluginException">A file is missing or malformed.</exception>
    public static ClipTokenizer Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Dictionary<string, int> vocab = ReadVocab(Path.Combine(directory, "vocab.json"));
        BytePairEncoder encoder = ReadMerges(Path.Combine(directory, "merges.txt"), vocab);

        var tokens = new SpecialTokens();
        // special_tokens_map.json wins over tokenizer_config.json, as in Hugging Face's loader.
        ReadConfig(Path.Combine(directory, "tokenizer_config.json"), tokens);
        ReadConfig(Path.Combine(directory, "special_tokens_map.json"), tokens);

        string vocabPath = Path.Combine(directory, "vocab.json");
        return new ClipTokenizer(
            encoder,
            startId: IdOf(tokens.Bos ?? ClipPreTokenizer.StartOfText, vocab, vocabPath),
            endId: IdOf(tokens.Eos ?? ClipPreTokenizer.EndOfText, vocab, vocabPath),
            padId: IdOf(tokens.Pad ?? tokens.Eos ?? ClipPreTokenizer.EndOfText, vocab, vocabPath),
            modelMaxLength: tokens.ModelMaxLength ?? ClipTokenizer.DefaultModelMaxLength);
    }

    private static Dictionary<string, int> ReadVocab(string path)
    {
        using JsonDocument document = ParseJson(path, required: true)!;
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, "expected a JSON object of token → id.");
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (JsonProperty entry in document.RootElement.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
            {
                throw Error(path, $"the id of token \"{entry.Name}\" is not a non-negative integer.");
            }

            vocab[entry.Name] = id;
        }

        return vocab;
    }

    private static BytePairEncoder ReadMerges(string path, Dictionary<string, int> vocab)
    {
        var byteIds = new int[256];
        var lastByteIds = new int[256];
        for (int b = 0; b < 256; b++)
        {
            string symbol = ByteLevelAlphabet.CharFor((byte)b).ToString();
            byteIds[b] = IdOf(symbol, vocab, path);
            lastByteIds[b] = IdOf(symbol + EndOfWordSuffix, vocab, path);
        }

        Dictionary<long, BytePairEncoder.Merge> merges = BytePairEncoder.CreateMergeTable();
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(path, e.Message, e);
        }

        int lineNumber = 0;
        int rank = 0;
        foreach (string rawLine in lines)
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)))
            {
                continue;
            }

            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || space == line.Length - 1 || line.IndexOf(' ', space + 1) >= 0)
            {
                throw Error($"{path}({lineNumber},1)", "a merge must be two tokens separated by one space.");
            }

            string left = line[..space];
            string right = line[(space + 1)..];
            int leftId = IdOf(left, vocab, path, lineNumber);
            int rightId = IdOf(right, vocab, path, lineNumber);
            int resultId = IdOf(string.Concat(left, right), vocab, path, lineNumber);

            // A repeated pair keeps its first (lowest) rank.
            merges.TryAdd(BytePairEncoder.PairKey(leftId, rightId), new BytePairEncoder.Merge(rank, leftId, rightId, resultId));
            rank++;
        }

        return new BytePairEncoder(byteIds, lastByteIds, merges);
    }

    private static void ReadConfig(string path, SpecialTokens tokens)
    {
        using JsonDocument? document = ParseJson(path, required: false);
        if (document is null)
        {
            return;
        }

        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, "expected a JSON object.");
        }

        tokens.Bos = TokenContent(root, "bos_token", path) ?? tokens.Bos;
        tokens.Eos = TokenContent(root, "eos_token", path) ?? tokens.Eos;
        tokens.Pad = TokenContent(root, "pad_token", path) ?? tokens.Pad;

        // Hugging Face writes a huge number when a tokenizer has no limit; only a real length counts.
        if (root.TryGetProperty("model_max_length", out JsonElement maxLength)
            && maxLength.ValueKind == JsonValueKind.Number
            && maxLength.TryGetInt32(out int value)
            && value is >= 2 and <= 1_000_000)
        {
            tokens.ModelMaxLength = value;
        }
    }

    // A special token is written either as a string or as an AddedToken object with "content".
    private static string? TokenContent(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out JsonElement token) || token.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (token.ValueKind == JsonValueKind.String)
        {
            return token.GetString();
        }

        if (token.ValueKind == JsonValueKind.Object
            && token.TryGetProperty("content", out JsonElement content)
            && content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        throw Error(path, $"\"{name}\" must be a string or an object with \"content\".");
    }

    private static JsonDocument? ParseJson(string path, bool required)
    {
        if (!required && !File.Exists(path))
        {
            return null;
        }

        try
        {
            using FileStream stream = File.OpenRead(path);
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $"{path}({line + 1},{(e.BytePositionInLine ?? 0) + 1})" : path;
            throw Error(where, "not valid JSON.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(path, e.Message, e);
        }
    }

    private static int IdOf(string token, Dictionary<string, int> vocab, string path, int lineNumber = 0)
    {
        if (vocab.TryGetValue(token, out int id))
        {
            return id;
        }

        string where = lineNumber > 0 ? $"{path}({lineNumber},1)" : path;
        throw Error(where, $"token \"{token}\" is not in vocab.json.");
    }

    private static PluginException Error(string where, string message, Exception? inner = null) =>
        new(ErrorCode, $"{where}: tokenizer: {message}", inner);

    private sealed class SpecialTokens
    {
        public string? Bos { get; set; }

        public string? Eos { get; set; }

        public string? Pad { get; set; }

        public int? ModelMaxLength { get; set; }
    }
}
