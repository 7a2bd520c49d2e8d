using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Text;

namespace AssetForge.Onnx.Tests.Text;

/// <summary>How <see cref="ClipTokenizer.FromDirectory"/> reads a tokenizer folder and reports broken ones.</summary>
[TestFixture]
public sealed class ClipTokenizerDirectoryTests
{
    private ClipTokenizerFolder _template = null!;
    private ClipTokenizerFolder _folder = null!;

    [OneTimeSetUp]
    public void CreateTemplate() => _template = ClipTokenizerFolder.Create();

    [OneTimeTearDown]
    public void DeleteTemplate() => _template.Dispose();

    [SetUp]
    public void CreateFolder() => _folder = _template.Copy();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public void Sd2_pad_token_from_special_tokens_map_is_the_exclamation_mark()
    {
        _folder.Write("special_tokens_map.json", """{"pad_token": "!"}""");

        Assert.That(ClipTokenizer.FromDirectory(_folder.Path).PadId, Is.Zero);
    }

    [Test]
    public void Pad_token_written_as_an_object_is_read_from_its_content()
    {
        _folder.Write("tokenizer_config.json", """{"pad_token": {"__type": "AddedToken", "content": "!", "lstrip": false}}""");

        Assert.That(ClipTokenizer.FromDirectory(_folder.Path).PadId, Is.Zero);
    }

    [Test]
    public void Special_tokens_map_wins_over_tokenizer_config()
    {
        _folder.Write("tokenizer_config.json", """{"pad_token": "!"}""");
        _folder.Write("special_tokens_map.json", """{"pad_token": "<|endoftext|>"}""");

        Assert.That(ClipTokenizer.FromDirectory(_folder.Path).PadId, Is.EqualTo(49407));
    }

    [Test]
    public void Padding_uses_the_configured_pad_id()
    {
        _folder.Write("special_tokens_map.json", """{"pad_token": "!"}""");

        int[] ids = ClipTokenizer.FromDirectory(_folder.Path).Encode("a cat", 8);

        Assert.That(ids, Is.EqualTo(new[] { 49406, 320, 2368, 49407, 0, 0, 0, 0 }));
    }

    [Test]
    public void Model_max_length_is_read_from_tokenizer_config()
    {
        _folder.Write("tokenizer_config.json", """{"model_max_length": 16}""");

        var tokenizer = ClipTokenizer.FromDirectory(_folder.Path);

        Assert.That(tokenizer.ModelMaxLength, Is.EqualTo(16));
        Assert.That(tokenizer.Encode("a cat"), Has.Length.EqualTo(16));
    }

    [Test]
    public void An_unlimited_model_max_length_falls_back_to_77()
    {
        _folder.Write("tokenizer_config.json", """{"model_max_length": 1000000000000000019884624838656}""");

        Assert.That(ClipTokenizer.FromDirectory(_folder.Path).ModelMaxLength, Is.EqualTo(77));
    }

    [Test]
    public void A_missing_vocab_is_a_plugin_error_naming_the_file()
    {
        File.Delete(Path.Combine(_folder.Path, "vocab.json"));

        var error = Assert.Throws<PluginException>(() => ClipTokenizer.FromDirectory(_folder.Path));

        Assert.That(error!.Code, Is.EqualTo("AF3008"));
        Assert.That(error.Message, Does.Contain("vocab.json"));
    }

    [Test]
    public void A_malformed_merge_line_is_reported_with_its_line_number()
    {
        _folder.Write("merges.txt", "#version: 0.2\nt h\nthree parts here\n");

        var error = Assert.Throws<PluginException>(() => ClipTokenizer.FromDirectory(_folder.Path));

        Assert.That(error!.Message, Does.Contain("merges.txt(3,1)"));
    }

    [Test]
    public void A_merge_of_unknown_tokens_is_reported_with_its_line_number()
    {
        _folder.Write("merges.txt", "#version: 0.2\nt h\nqq zz\n");

        var error = Assert.Throws<PluginException>(() => ClipTokenizer.FromDirectory(_folder.Path));

        Assert.That(error!.Message, Does.Contain("merges.txt(3,1)").And.Contain("qq"));
    }

    [Test]
    public void A_pad_token_missing_from_the_vocabulary_is_an_error()
    {
        _folder.Write("special_tokens_map.json", """{"pad_token": "<pad>"}""");

        var error = Assert.Throws<PluginException>(() => ClipTokenizer.FromDirectory(_folder.Path));

        Assert.That(error!.Message, Does.Contain("<pad>"));
    }

    [Test]
    public void Invalid_json_is_reported_with_its_position()
    {
        _folder.Write("tokenizer_config.json", "{\n  \"pad_token\": ,\n}");

        var error = Assert.Throws<PluginException>(() => ClipTokenizer.FromDirectory(_folder.Path));

        Assert.That(error!.Message, Does.Contain("tokenizer_config.json(2,"));
    }

    [Test]
    public void Fewer_merges_give_coarser_tokens()
    {
        // Only the header and one merge: "cat" stays three byte symbols, the last with </w>.
        _folder.Write("merges.txt", "#version: 0.2\nc a\n");

        int[] ids = ClipTokenizer.FromDirectory(_folder.Path).Tokenize("cat");

        Assert.That(ids, Is.EqualTo(new[] { 772, 339 }));
    }
}
