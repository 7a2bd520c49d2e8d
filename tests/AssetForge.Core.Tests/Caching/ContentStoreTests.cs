namespace AssetForge.Core.Tests.Caching;

using System.Text;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;

public sealed class ContentStoreTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("not really a PNG, but bytes all the same");

    private TemporaryDirectory _temp = null!;
    private ContentStore _store = null!;
    private List<Diagnostic> _reported = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TemporaryDirectory();
        _store = new ContentStore(_temp.Combine("cache"));
        _reported = [];
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task A_stored_blob_is_named_by_its_sha256_in_a_two_digit_shard()
    {
        var sha = await _store.PutBlobAsync(Content, CancellationToken.None);

        Assert.That(sha, Is.EqualTo(ContentHash.Of(Content)));
        Assert.That(File.ReadAllBytes(_temp.Combine("cache", "objects", sha[..2], sha)), Is.EqualTo(Content));
    }

    [Test]
    public async Task A_stored_blob_materialises_with_the_same_bytes()
    {
        var sha = await _store.PutBlobAsync(Content, CancellationToken.None);
        var output = _temp.Combine("out", "deep", "a.png");

        var served = await _store.TryMaterializeAsync(sha, Content.Length, output, _reported.Add, CancellationToken.None);

        Assert.That(served, Is.True);
        Assert.That(File.ReadAllBytes(output), Is.EqualTo(Content));
        Assert.That(_reported, Is.Empty);
    }

    [Test]
    public async Task Writes_leave_no_temporary_files_behind()
    {
        var sha = await _store.PutBlobAsync(Content, CancellationToken.None);
        await _store.PutActionAsync(Record(Key("a"), sha), CancellationToken.None);
        await _store.TryMaterializeAsync(sha, Content.Length, _temp.Combine("out", "a.png"), _reported.Add, CancellationToken.None);

        Assert.That(Directory.GetFiles(_temp.Path, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task A_truncated_blob_is_reported_deleted_and_not_served()
    {
        var sha = await _store.PutBlobAsync(Content, CancellationToken.None);
        var blob = _store.BlobPath(sha);
        File.WriteAllBytes(blob, Content[..10]);
        var output = _temp.Combine("out", "a.png");

        var served = await _store.TryMaterializeAsync(sha, Content.Length, output, _reported.Add, CancellationToken.None);

        Assert.That(served, Is.False);
        Assert.That(File.Exists(output), Is.False);
        Assert.That(File.Exists(blob), Is.False);
        Assert.That(_reported.Single().Code, Is.EqualTo(ContentStore.CorruptBlobCode));
        Assert.That(_reported.Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
    }

    [Test]
    public async Task A_blob_with_a_flipped_byte_is_reported_and_not_read()
    {
        var sha = await _store.PutBlobAsync(Content, CancellationToken.None);
        FlipAByte(_store.BlobPath(sha));

        var read = await _store.TryReadBlobAsync(sha, _reported.Add, CancellationToken.None);

        Assert.That(read, Is.Null);
        Assert.That(_reported.Single().Code, Is.EqualTo(ContentStore.CorruptBlobCode));
        Assert.That(File.Exists(_store.BlobPath(sha)), Is.False);
    }

    [Test]
    public async Task A_corrupt_blob_leaves_an_existing_output_untouched()
    {
        var sha = await _store.PutBlobAsync(Content, CancellationToken.None);
        FlipAByte(_store.BlobPath(sha));
        var output = _temp.Write("out/a.png", "the previous output");

        await _store.TryMaterializeAsync(sha, Content.Length, output, _reported.Add, CancellationToken.None);

        Assert.That(File.ReadAllText(output), Is.EqualTo("the previous output"));
        Assert.That(Directory.GetFiles(_temp.Combine("out")), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task A_missing_blob_is_a_miss()
    {
        var sha = ContentHash.Of(Content);

        Assert.That(await _store.TryMaterializeAsync(sha, Content.Length, _temp.Combine("a.png"), _reported.Add, CancellationToken.None), Is.False);
        Assert.That(await _store.TryReadBlobAsync(sha, _reported.Add, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task An_action_record_round_trips()
    {
        var key = Key("round trip");
        var record = Record(key, ContentHash.Of(Content));
        await _store.PutActionAsync(record, CancellationToken.None);

        var read = _store.TryGetAction(key, _reported.Add);

        Assert.That(read, Is.Not.Null);
        Assert.That(read!.Outputs.Single(), Is.EqualTo(record.Outputs.Single()));
        Assert.That(read.Producer, Is.EqualTo(record.Producer));
        Assert.That(read.CreatedUtc, Is.EqualTo(record.CreatedUtc));
    }

    [Test]
    public void An_absent_action_record_is_a_quiet_miss()
    {
        Assert.That(_store.TryGetAction(Key("absent"), _reported.Add), Is.Null);
        Assert.That(_reported, Is.Empty);
    }

    [TestCase("{ this is not json")]
    [TestCase("")]
    [TestCase("null")]
    [TestCase("""{"schema":1,"key":"KEY","outputs":[],"producer":null,"created_utc":"2024-01-01T00:00:00Z"}""")]
    [TestCase("""{"schema":1,"key":"KEY","outputs":[{"name":"image","sha256":"../../x","size":3}],"producer":{},"created_utc":"2024-01-01T00:00:00Z"}""")]
    public void A_garbage_action_record_is_reported_deleted_and_a_miss(string json)
    {
        var key = Key("garbage");
        var path = _store.ActionPath(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json.Replace("KEY", key.Hex, StringComparison.Ordinal));

        var read = _store.TryGetAction(key, _reported.Add);

        Assert.That(read, Is.Null);
        Assert.That(_reported.Single().Code, Is.EqualTo(ContentStore.CorruptActionCode));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public async Task An_action_record_filed_under_another_key_is_refused()
    {
        var key = Key("one");
        var other = Key("other");
        await _store.PutActionAsync(Record(key, ContentHash.Of(Content)), CancellationToken.None);
        Directory.CreateDirectory(_store.ActionsDirectory);
        File.Copy(_store.ActionPath(key), _store.ActionPath(other));

        Assert.That(_store.TryGetAction(other, _reported.Add), Is.Null);
        Assert.That(_reported.Single().Code, Is.EqualTo(ContentStore.CorruptActionCode));
    }

    [Test]
    public void A_cancelled_atomic_write_leaves_the_target_untouched()
    {
        var target = _temp.Write("target.txt", "old");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(async () => await AtomicFile.WriteAsync(target, Content, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(File.ReadAllText(target), Is.EqualTo("old"));
        Assert.That(Directory.GetFiles(_temp.Path), Has.Length.EqualTo(1));
    }

    private static ActionKey Key(string text) => ActionKey.FromCanonical(CanonicalJson.String(text));

    private static ActionRecord Record(ActionKey key, string sha) => new(
        ActionRecord.CurrentSchema,
        key.Hex,
        [new ActionOutput(ActionRecord.ImageOutput, sha, Content.Length)],
        new ActionProducer("onnx 1.0.0", "euler 1.0.0", "cpu", "float32", "test-machine", "0.1.0", "1.0"),
        new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));

    private static void FlipAByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }
}
