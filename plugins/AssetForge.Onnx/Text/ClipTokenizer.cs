namespace AssetForge.Onnx.Text;

/// <summary>
/// CLIP's byte-level BPE tokenizer, read from a Stable Diffusion export's tokenizer/ folder.
/// </summary>
internal sealed class ClipTokenizer
{
    /// <summary>Loads vocab.json + merges.txt (and special_tokens_map.json / tokenizer_config.json when present) from a tokenizer folder.</summary>
    public static ClipTokenizer FromDirectory(string tokenizerDirectory) =>
        throw new NotImplementedException("TODO(tokenizer helper)");

    /// <summary>The start-of-text id (49406 for CLIP).</summary>
    public int StartId => throw new NotImplementedException();

    /// <summary>The end-of-text id (49407 for CLIP).</summary>
    public int EndId => throw new NotImplementedException();

    /// <summary>The padding id (end-of-text for SD 1.x, "!" = 0 for SD 2.x; from the tokenizer config).</summary>
    public int PadId => throw new NotImplementedException();

    /// <summary>
    /// Encodes <paramref name="text"/> as start, tokens, end, then padding, truncated so the result
    /// is exactly <paramref name="length"/> ids (the text encoder's sequence length, 77) and still
    /// ends its tokens with the end id.
    /// </summary>
    public int[] Encode(string text, int length) => throw new NotImplementedException();
}
