using System.Text;

namespace AssetForge.Onnx.Text;

/// <summary>
/// CLIP's byte-level BPE tokenizer, read from a Stable Diffusion export's tokenizer/ folder.
/// </summary>
/// <remarks>
/// Thread-safe: the vocabulary and merges are immutable, and the per-instance word cache is locked.
/// </remarks>
internal sealed class ClipTokenizer
{
    /// <summary>The sequence length CLIP's text encoders use, taken when the folder does not say.</summary>
    public const int DefaultModelMaxLength = 77;

    // Prompts reuse a small vocabulary of words; past this many distinct words the cache starts over.
    private const int WordCacheCapacity = 8192;

    // A word longer than this (in UTF-16 units) is encoded through a pooled buffer.
    private const int StackWordLimit = 128;

    private readonly BytePairEncoder _encoder;
    private readonly int[] _startWord;
    private readonly int[] _endWord;
    private readonly Dictionary<string, int[]> _wordCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _wordCacheBySpan;
    private readonly Lock _wordCacheLock = new();

    /// <summary>Creates a tokenizer from parts already read; <see cref="FromDirectory"/> is the usual way in.</summary>
    internal ClipTokenizer(BytePairEncoder encoder, int startId, int endId, int padId, int modelMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modelMaxLength, 2);
        _encoder = encoder;
        StartId = startId;
        EndId = endId;
        PadId = padId;
        ModelMaxLength = modelMaxLength;
        _startWord = [startId];
        _endWord = [endId];
        _wordCacheBySpan = _wordCache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Loads vocab.json + merges.txt (and special_tokens_map.json / tokenizer_config.json when present) from a tokenizer folder.</summary>
    /// <exception cref="AssetForge.Abstractions.Plugins.PluginException">A file is missing or malformed (AF3101).</exception>
    public static ClipTokenizer FromDirectory(string tokenizerDirectory) => ClipTokenizerDirectory.Load(tokenizerDirectory);

    /// <summary>The start-of-text id (49406 for CLIP).</summary>
    public int StartId { get; }

    /// <summary>The end-of-text id (49407 for CLIP).</summary>
    public int EndId { get; }

    /// <summary>The padding id (end-of-text for SD 1.x, "!" = 0 for SD 2.x; from the tokenizer config).</summary>
    public int PadId { get; }

    /// <summary>The sequence length from tokenizer_config.json's model_max_length (77 when absent).</summary>
    public int ModelMaxLength { get; }

    /// <summary>
    /// Encodes <paramref name="text"/> as start, tokens, end, then padding, truncated so the result
    /// is exactly <paramref name="length"/> ids (the text encoder's sequence length, 77) and still
    /// ends its tokens with the end id.
    /// </summary>
    public int[] Encode(string text, int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);

        var ids = new int[length];
        ids[0] = StartId;
        int count = 1 + AppendTokens(text, ids.AsSpan(1, length - 2));
        ids[count++] = EndId;
        ids.AsSpan(count).Fill(PadId);
        return ids;
    }

    /// <summary>Encodes <paramref name="text"/> to <see cref="ModelMaxLength"/> ids; see <see cref="Encode(string, int)"/>.</summary>
    public int[] Encode(string text) => Encode(text, ModelMaxLength);

    /// <summary>
    /// The token ids of <paramref name="text"/> without start, end or padding, and without
    /// truncation: its length tells whether a prompt fits (at most <c>length - 2</c> tokens are kept).
    /// </summary>
    public int[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        var pre = new ClipPreTokenizer(ClipTextNormalizer.Normalize(text));
        while (pre.MoveNext(out ReadOnlySpan<char> word))
        {
            ids.AddRange(WordIds(word));
        }

        return [.. ids];
    }

    // Writes the ids of text's tokens into destination until it is full; returns how many were written.
    private int AppendTokens(string text, Span<int> destination)
    {
        int written = 0;
        var pre = new ClipPreTokenizer(ClipTextNormalizer.Normalize(text));
        while (written < destination.Length && pre.MoveNext(out ReadOnlySpan<char> word))
        {
            ReadOnlySpan<int> wordIds = WordIds(word);
            int take = Math.Min(wordIds.Length, destination.Length - written);
            wordIds[..take].CopyTo(destination[written..]);
            written += take;
        }

        return written;
    }

    private ReadOnlySpan<int> WordIds(ReadOnlySpan<char> word)
    {
        if (word.SequenceEqual(ClipPreTokenizer.StartOfText))
        {
            return _startWord;
        }

        if (word.SequenceEqual(ClipPreTokenizer.EndOfText))
        {
            return _endWord;
        }

        lock (_wordCacheLock)
        {
            if (_wordCacheBySpan.TryGetValue(word, out int[]? cached))
            {
                return cached;
            }
        }

        int[] ids = EncodeWord(word);
        lock (_wordCacheLock)
        {
            if (_wordCache.Count >= WordCacheCapacity)
            {
                _wordCache.Clear();
            }

            _wordCacheBySpan[word] = ids;
        }

        return ids;
    }

    private int[] EncodeWord(ReadOnlySpan<char> word)
    {
        // Lone surrogates become U+FFFD's bytes here; Python would refuse the text instead.
        int maxBytes = Encoding.UTF8.GetMaxByteCount(word.Length);
        byte[]? rented = null;
        Span<byte> utf8 = word.Length <= StackWordLimit
            ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(StackWordLimit)]
            : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int length = Encoding.UTF8.GetBytes(word, utf8);
            return _encoder.EncodeWord(utf8[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
