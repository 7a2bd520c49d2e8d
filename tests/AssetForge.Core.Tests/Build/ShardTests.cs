namespace AssetForge.Core.Tests.Build;

using AssetForge.Core.Build;
using AssetForge.Core.Hashing;

[TestFixture]
public sealed class ShardTests
{
    [Test]
    public void Every_key_falls_in_exactly_one_shard()
    {
        for (var i = 0; i < 200; i++)
        {
            var key = ActionKey.FromCanonical($"{{\"i\":{i}}}");
            var owners = Enumerable.Range(1, 5).Count(s => Parse($"{s}/5").Contains(key));
            Assert.That(owners, Is.EqualTo(1));
        }
    }

    [Test]
    public void The_shard_is_the_first_eight_key_bytes_modulo_n()
    {
        ActionKey.TryParse("00000000000000070000000000000000000000000000000000000000000000ff", out var key);

        Assert.That(Shard.Of(key!.Value, 4), Is.EqualTo(7 % 4 + 1));
    }

    [TestCase("0/3")]
    [TestCase("4/3")]
    [TestCase("1/0")]
    [TestCase("one/two")]
    [TestCase("3")]
    public void Out_of_range_or_malformed_shards_are_refused(string text)
    {
        Assert.That(Shard.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Is.Not.Empty);
    }

    [Test]
    public async Task Shard_builds_together_build_every_asset_once()
    {
        using var project = new EngineProject();
        for (var i = 0; i < 6; i++)
        {
            project.Write($"a{i}.yaml", EngineProject.Spec($"a{i}", $"asset {i}", seed: i));
        }

        var generated = 0;
        for (var s = 1; s <= 3; s++)
        {
            generated += (await project.BuildAsync(new BuildOptions { Shard = Parse($"{s}/3") })).Generated;
        }

        var locked = LockFile.Load(project.Root).Entries.Count;
        var final = await project.BuildAsync();

        Assert.That((generated, locked, final.Generated, final.UpToDate), Is.EqualTo((6, 6, 0, 6)));
    }

    private static Shard Parse(string text) => Shard.TryParse(text, out var shard, out _) ? shard.Value : throw new ArgumentException(text);
}
