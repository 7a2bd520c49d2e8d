namespace AssetForge.Core.Tests.Hashing;

using AssetForge.Core.Hashing;
using AssetForge.Core.Tests.Caching;

public sealed class ModelFingerprinterTests
{
    private TemporaryDirectory _temp = null!;
    private string _model = null!;
    private string _cache = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TemporaryDirectory();
        _model = _temp.Combine("model");
        _cache = _temp.Combine("cache");
        WriteOld("model/model_index.json", "{}");
        WriteOld("model/unet/model.onnx", new string('u', 100_000));
        WriteOld("model/scheduler/scheduler_config.json", """{"beta_end":0.012}""");
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task A_second_fingerprint_reads_no_file_even_in_a_new_process()
    {
        var first = new ModelFingerprinter(_cache);
        var expected = await first.FingerprintAsync(_model, CancellationToken.None);
        Assert.That(first.BytesHashed, Is.EqualTo(100_000 + 2 + 18));

        // A new instance has only the memo file on disk to go by, as a new build would.
        var second = new ModelFingerprinter(_cache);
        var again = await second.FingerprintAsync(_model, CancellationToken.None);

        Assert.That(again, Is.EqualTo(expected));
        Assert.That(second.BytesHashed, Is.Zero);
    }

    [Test]
    public async Task A_changed_file_is_hashed_again_and_changes_the_fingerprint()
    {
        var fingerprinter = new ModelFingerprinter(_cache);
        var before = await fingerprinter.FingerprintAsync(_model, CancellationToken.None);
        WriteOld("model/unet/model.onnx", new string('v', 100_000), DateTime.UtcNow.AddHours(-1));

        var after = await new ModelFingerprinter(_cache).FingerprintAsync(_model, CancellationToken.None);

        Assert.That(after, Is.Not.EqualTo(before));
    }

    [Test]
    public async Task A_renamed_file_changes_the_fingerprint()
    {
        var before = await new ModelFingerprinter(_cache).FingerprintAsync(_model, CancellationToken.None);
        File.Move(_temp.Combine("model", "model_index.json"), _temp.Combine("model", "model_index2.json"));

        Assert.That(await new ModelFingerprinter(_cache).FingerprintAsync(_model, CancellationToken.None), Is.Not.EqualTo(before));
    }

    [Test]
    public async Task The_fingerprint_does_not_depend_on_where_the_model_is()
    {
        var before = await new ModelFingerprinter(_cache).FingerprintAsync(_model, CancellationToken.None);
        Directory.Move(_model, _temp.Combine("elsewhere"));

        Assert.That(await new ModelFingerprinter(_cache).FingerprintAsync(_temp.Combine("elsewhere"), CancellationToken.None), Is.EqualTo(before));
    }

    [Test]
    public async Task A_file_modified_just_now_is_not_memoised()
    {
        File.WriteAllText(_temp.Combine("model", "model_index.json"), "{\"new\":1}");
        await new ModelFingerprinter(_cache).FingerprintAsync(_model, CancellationToken.None);

        var second = new ModelFingerprinter(_cache);
        await second.FingerprintAsync(_model, CancellationToken.None);

        Assert.That(second.BytesHashed, Is.EqualTo(9));
    }

    [Test]
    public async Task Hidden_entries_are_not_part_of_a_model()
    {
        var before = await new ModelFingerprinter(_cache).FingerprintAsync(_model, CancellationToken.None);
        WriteOld("model/.git/objects/pack", "pack");

        Assert.That(await new ModelFingerprinter(_cache).FingerprintAsync(_model, CancellationToken.None), Is.EqualTo(before));
    }

    [Test]
    public async Task A_damaged_memo_only_costs_a_rehash()
    {
        var expected = await new ModelFingerprinter(_cache).FingerprintAsync(_model, CancellationToken.None);
        File.WriteAllText(Path.Combine(_cache, ModelFingerprinter.MemoFileName), "{ not json");

        var fingerprinter = new ModelFingerprinter(_cache);

        Assert.That(await fingerprinter.FingerprintAsync(_model, CancellationToken.None), Is.EqualTo(expected));
        Assert.That(fingerprinter.BytesHashed, Is.GreaterThan(0));
    }

    private void WriteOld(string relative, string content, DateTime? time = null)
    {
        var path = _temp.Write(relative, content);
        File.SetLastWriteTimeUtc(path, time ?? DateTime.UtcNow.AddDays(-1));
    }
}
