namespace AssetForge.Core.Tests.Caching;

using System.Text;
using AssetForge.Core.Caching;
using AssetForge.Core.Caching.Maintenance;
using AssetForge.Core.Hashing;

[TestFixture]
public sealed class CacheMaintenanceTests
{
    private TemporaryDirectory _directory = null!;
    private ContentStore _store = null!;

    [SetUp]
    public void CreateStore()
    {
        _directory = new TemporaryDirectory();
        _store = new ContentStore(_directory.Combine("cache"));
    }

    [TearDown]
    public void DeleteStore() => _directory.Dispose();

    [Test]
    public async Task Gc_removes_the_least_recently_used_action_first()
    {
        var old = await PutAsync("old", DateTime.UtcNow.AddDays(-3));
        var recent = await PutAsync("recent", DateTime.UtcNow.AddDays(-1));

        var result = new CacheMaintenance(_store).Collect(SizeOf(recent), new HashSet<string>(), CancellationToken.None);

        Assert.That(result.ActionsRemoved, Is.EqualTo(1));
        Assert.That((File.Exists(_store.ActionPath(old)), File.Exists(_store.ActionPath(recent))), Is.EqualTo((false, true)));
    }

    [Test]
    public async Task Gc_never_removes_a_kept_action()
    {
        var old = await PutAsync("old", DateTime.UtcNow.AddDays(-3));

        var result = new CacheMaintenance(_store).Collect(0, new HashSet<string> { old.Hex }, CancellationToken.None);

        Assert.That((result.ActionsRemoved, result.ActionsKept), Is.EqualTo((0, 1)));
        Assert.That(File.Exists(_store.ActionPath(old)), Is.True);
    }

    [Test]
    public async Task Reading_an_action_marks_it_used()
    {
        var key = await PutAsync("touched", DateTime.UtcNow.AddDays(-3));

        _store.TryGetAction(key, _ => { });

        Assert.That(File.GetLastWriteTimeUtc(_store.ActionPath(key)), Is.GreaterThan(DateTime.UtcNow.AddHours(-1)));
    }

    [Test]
    public async Task Listing_does_not_change_the_lru_order()
    {
        var when = DateTime.UtcNow.AddDays(-3);
        var key = await PutAsync("listed", when);

        var entries = new CacheMaintenance(_store).List(CancellationToken.None);

        Assert.That(entries.Single().Key, Is.EqualTo(key.Hex));
        Assert.That(File.GetLastWriteTimeUtc(_store.ActionPath(key)), Is.EqualTo(when));
    }

    [Test]
    public async Task Verify_finds_a_flipped_byte()
    {
        var key = await PutAsync("flipped", DateTime.UtcNow);
        var blob = _store.BlobPath(_store.TryGetAction(key, _ => { })!.Outputs[0].Sha256);
        var bytes = File.ReadAllBytes(blob);
        bytes[0] ^= 0x80;
        File.WriteAllBytes(blob, bytes);

        var result = await new CacheMaintenance(_store).VerifyAsync(CancellationToken.None);

        Assert.That(result.Problems.Select(p => p.Code), Is.EquivalentTo(new[] { ContentStore.CorruptBlobCode, ContentStore.MissingBlobCode }));
    }

    [Test]
    public async Task Verify_finds_a_damaged_file_in_a_derived_model_folder()
    {
        var model = Path.Combine(_store.Root, "models", "builtin-x-v1");
        Directory.CreateDirectory(Path.Combine(model, "unet"));
        byte[] weights = [1, 2, 3, 4];
        File.WriteAllBytes(Path.Combine(model, "unet", "model.onnx"), weights);
        File.WriteAllText(Path.Combine(model, ModelFolderCheck.ManifestFileName), $"{ContentHash.Of(weights)}  unet/model.onnx\n");
        var healthy = await new CacheMaintenance(_store).VerifyAsync(CancellationToken.None);
        File.WriteAllBytes(Path.Combine(model, "unet", "model.onnx"), [1, 2, 3, 5]);

        var damaged = await new CacheMaintenance(_store).VerifyAsync(CancellationToken.None);

        Assert.That(healthy.IsHealthy, Is.True);
        Assert.That(damaged.Problems.Single().Code, Is.EqualTo(ContentStore.CorruptModelCode));
        Assert.That(damaged.Problems.Single().Message, Does.Contain("unet/model.onnx"));
    }

    [Test]
    public async Task Verify_counts_leftover_temporaries_without_calling_them_corrupt()
    {
        await PutAsync("fine", DateTime.UtcNow);
        File.WriteAllText(Path.Combine(_store.ActionsDirectory, ".x.json.0123.tmp"), "{");

        var result = await new CacheMaintenance(_store).VerifyAsync(CancellationToken.None);

        Assert.That((result.IsHealthy, result.Temporaries), Is.EqualTo((true, 1)));
    }

    [TestCase("500MB", 500L << 20)]
    [TestCase("2G", 2L << 30)]
    [TestCase("1.5KiB", 1536L)]
    [TestCase("4096", 4096L)]
    public void Sizes_parse_in_powers_of_1024(string text, long bytes)
    {
        Assert.That(ByteSize.TryParse(text, out var parsed) ? parsed : -1, Is.EqualTo(bytes));
    }

    private long SizeOf(ActionKey key) =>
        new FileInfo(_store.ActionPath(key)).Length + _store.TryGetAction(key, _ => { })!.Outputs.Sum(o => o.Size);

    private async Task<ActionKey> PutAsync(string content, DateTime lastUsed)
    {
        var bytes = Encoding.UTF8.GetBytes(content + new string('x', 1000));
        var sha = await _store.PutBlobAsync(bytes, CancellationToken.None);
        var key = ActionKey.FromCanonical("{\"name\":\"" + content + "\"}");
        var producer = new ActionProducer("b", "s", "cpu", "fp32", "m", "0", "1.0");
        await _store.PutActionAsync(new ActionRecord(ActionRecord.CurrentSchema, key.Hex, [new ActionOutput("image", sha, bytes.Length)], producer, DateTimeOffset.UtcNow), CancellationToken.None);
        File.SetLastWriteTimeUtc(_store.ActionPath(key), lastUsed);
        return key;
    }
}
