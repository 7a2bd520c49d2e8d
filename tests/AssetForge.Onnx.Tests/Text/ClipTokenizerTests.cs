using AssetForge.Onnx.Text;

namespace AssetForge.Onnx.Tests.Text;

/// <summary>Hand-checked behaviour of <see cref="ClipTokenizer"/> on the real CLIP vocabulary.</summary>
[TestFixture]
public sealed class ClipTokenizerTests
{
    private const int StartOfText = 49406;
    private const int EndOfText = 49407;

    private ClipTokenizerFolder _folder = null!;
    private ClipTokenizer _tokenizer = null!;

    [OneTimeSetUp]
    public void CreateTokenizer()
    {
        _folder = ClipTokenizerFolder.Create();
        _tokenizer = ClipTokenizer.FromDirectory(_folder.Path);
    }

    [OneTimeTearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public void A_photo_of_a_cat_has_the_ids_Stable_Diffusion_uses() =>
        Assert.That(_tokenizer.Encode("a photo of a cat", 7), Is.EqualTo(new[] { 49406, 320, 1125, 539, 320, 2368, 49407 }));

    [Test]
    public void Special_ids_are_read_from_the_vocabulary()
    {
        Assert.That(_tokenizer.StartId, Is.EqualTo(StartOfText));
        Assert.That(_tokenizer.EndId, Is.EqualTo(EndOfText));
    }

    [Test]
    public void Without_a_config_padding_is_end_of_text_and_the_length_is_77()
    {
        Assert.That(_tokenizer.PadId, Is.EqualTo(EndOfText));
        Assert.That(_tokenizer.ModelMaxLength, Is.EqualTo(77));
    }

    [Test]
    public void The_empty_string_is_start_end_then_padding()
    {
        int[] ids = _tokenizer.Encode(string.Empty, 77);

        Assert.That(ids[..2], Is.EqualTo(new[] { StartOfText, EndOfText }));
        Assert.That(ids[2..], Is.All.EqualTo(_tokenizer.PadId));
    }

    [Test]
    public void Encoding_always_gives_exactly_the_requested_length()
    {
        Assert.That(_tokenizer.Encode("a photo of a cat", 77), Has.Length.EqualTo(77));
        Assert.That(_tokenizer.Encode(string.Join(' ', Enumerable.Repeat("cat", 200)), 77), Has.Length.EqualTo(77));
    }

    [Test]
    public void Truncation_keeps_the_first_tokens_and_ends_with_the_end_id() =>
        Assert.That(_tokenizer.Encode("a photo of a cat", 5), Is.EqualTo(new[] { StartOfText, 320, 1125, 539, EndOfText }));

    [Test]
    public void Truncation_can_cut_a_word_between_its_tokens()
    {
        // "1080p" is five tokens (digits split); a length of 4 keeps only "1" and "0".
        Assert.That(_tokenizer.Tokenize("1080p"), Has.Length.EqualTo(5));
        Assert.That(_tokenizer.Encode("1080p", 4), Is.EqualTo(new[] { StartOfText, 272, 271, EndOfText }));
    }

    [Test]
    public void The_shortest_encoding_is_start_and_end() =>
        Assert.That(_tokenizer.Encode("a photo of a cat", 2), Is.EqualTo(new[] { StartOfText, EndOfText }));

    [Test]
    public void A_length_below_two_is_refused() =>
        Assert.That(() => _tokenizer.Encode("cat", 1), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Encode_without_a_length_uses_the_model_max_length() =>
        Assert.That(_tokenizer.Encode("a cat"), Is.EqualTo(_tokenizer.Encode("a cat", 77)));

    [TestCase("fish &amp; chips", "fish & chips")]
    [TestCase("&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>")]
    [TestCase("caf&eacute; &#233; &#xE9;", "café é é")]
    [TestCase("&quot;quoted&quot; &nbsp;space", "\"quoted\" space")]
    public void Html_entities_are_decoded_first(string escaped, string plain) =>
        Assert.That(_tokenizer.Tokenize(escaped), Is.EqualTo(_tokenizer.Tokenize(plain)));

    [Test]
    public void Html_entities_are_decoded_twice_as_CLIP_does() =>
        Assert.That(_tokenizer.Tokenize("fish &amp;amp; chips"), Is.EqualTo(_tokenizer.Tokenize("fish & chips")));

    [Test]
    public void Upper_case_is_lowered() =>
        Assert.That(_tokenizer.Tokenize("A PHOTO Of A Cat"), Is.EqualTo(_tokenizer.Tokenize("a photo of a cat")));

    [Test]
    public void Whitespace_runs_and_ends_do_not_matter() =>
        Assert.That(_tokenizer.Tokenize("\t a \n\n photo\u00A0of\u3000a   cat \r\n"), Is.EqualTo(_tokenizer.Tokenize("a photo of a cat")));

    [Test]
    public void Special_tokens_written_in_the_text_become_their_ids() =>
        Assert.That(_tokenizer.Tokenize("a <|startoftext|>cat<|endoftext|>"), Is.EqualTo(new[] { 320, StartOfText, 2368, EndOfText }));

    [Test]
    public void A_lone_surrogate_is_encoded_as_the_replacement_character() =>
        Assert.That(_tokenizer.Tokenize("a\uD800"), Is.EqualTo(_tokenizer.Tokenize("a\uFFFD")));

    [Test]
    public void Encoding_again_from_the_word_cache_gives_the_same_ids()
    {
        const string prompt = "a watercolor painting of a lighthouse at dawn, 4k";
        int[] first = _tokenizer.Encode(prompt, 77);

        Assert.That(_tokenizer.Encode(prompt, 77), Is.EqualTo(first));
    }

    [Test]
    public void More_distinct_words_than_the_cache_holds_still_encode_correctly()
    {
        int[] before = _tokenizer.Tokenize("lighthouse");
        for (int i = 0; i < 10_000; i++)
        {
            _tokenizer.Tokenize("w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x");
        }

        Assert.That(_tokenizer.Tokenize("lighthouse"), Is.EqualTo(before));
    }

    [Test]
    public void Encoding_from_many_threads_gives_the_same_ids_as_from_one()
    {
        string[] prompts = ["a photo of a cat", "an oil painting of a fox, 1080p", "東京タワー 🐱", "ΟΔΟΣ it's rock'n'roll"];
        int[][] expected = prompts.Select(p => _tokenizer.Encode(p, 77)).ToArray();
        var fresh = ClipTokenizer.FromDirectory(_folder.Path);
        var mismatches = 0;

        Parallel.For(0, 4000, i =>
        {
            int which = i % prompts.Length;
            if (!fresh.Encode(prompts[which], 77).AsSpan().SequenceEqual(expected[which]))
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.That(mismatches, Is.Zero);
    }
}
