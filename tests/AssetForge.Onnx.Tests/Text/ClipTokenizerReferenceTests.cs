using AssetForge.Onnx.Text;

namespace AssetForge.Onnx.Tests.Text;

/// <summary>Ids from <see cref="ClipTokenizer"/> against an independent CLIP tokenizer's.</summary>
[TestFixture]
public sealed class ClipTokenizerReferenceTests
{
    private ClipTokenizerFolder _sd1 = null!;
    private ClipTokenizerFolder _sd2 = null!;
    private ClipTokenizer _sd1Tokenizer = null!;
    private ClipTokenizer _sd2Tokenizer = null!;

    [OneTimeSetUp]
    public void CreateTokenizers()
    {
        _sd1 = ClipTokenizerFolder.Create();
        _sd1Tokenizer = ClipTokenizer.FromDirectory(_sd1.Path);

        // As Stable Diffusion 2.x exports have it: padding with "!" (id 0).
        _sd2 = _sd1.Copy();
        _sd2.Write("special_tokens_map.json", """
            {"bos_token": {"content": "<|startoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false},
             "eos_token": {"content": "<|endoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false},
             "pad_token": "!",
             "unk_token": {"content": "<|endoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false}}
            """);
        _sd2Tokenizer = ClipTokenizer.FromDirectory(_sd2.Path);
    }

    [OneTimeTearDown]
    public void DeleteFolders()
    {
        _sd1.Dispose();
        _sd2.Dispose();
    }

    [TestCaseSource(typeof(ClipReferenceCase), nameof(ClipReferenceCase.All))]
    public void Tokens_match_the_reference(ClipReferenceCase reference) =>
        Assert.That(_sd1Tokenizer.Tokenize(reference.Text), Is.EqualTo(reference.Tokens));

    [TestCaseSource(typeof(ClipReferenceCase), nameof(ClipReferenceCase.All))]
    public void Sd1_encoding_to_77_matches_the_reference(ClipReferenceCase reference) =>
        Assert.That(_sd1Tokenizer.Encode(reference.Text, 77), Is.EqualTo(reference.Sd1));

    [TestCaseSource(typeof(ClipReferenceCase), nameof(ClipReferenceCase.All))]
    public void Sd2_encoding_padded_with_exclamation_marks_matches_the_reference(ClipReferenceCase reference) =>
        Assert.That(_sd2Tokenizer.Encode(reference.Text, 77), Is.EqualTo(reference.Sd2));
}
