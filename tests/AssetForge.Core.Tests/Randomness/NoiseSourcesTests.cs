namespace AssetForge.Core.Tests.Randomness;

using AssetForge.Core.Randomness;

public sealed class NoiseSourcesTests
{
    [Test]
    public void An_unknown_kind_is_refused_with_ArgumentException() =>
        Assert.That(() => NoiseSources.Create("mersenne", 1), Throws.ArgumentException.With.Message.Contains("mersenne"));

    [Test]
    public void Kinds_are_case_sensitive() =>
        Assert.That(() => NoiseSources.Create("Torch", 1), Throws.ArgumentException);

    [TestCase("torch")]
    [TestCase("torch-avx2")]
    [TestCase("numpy")]
    public void Each_source_is_its_own_generator(string kind)
    {
        // Two sources with one seed, drawn interleaved, give what one source gives alone.
        var a = NoiseSources.Create(kind, 99);
        var b = NoiseSources.Create(kind, 99);
        float[] first = new float[20];
        float[] second = new float[20];
        a.NextStandardNormal(first);
        b.NextStandardNormal(second);
        Assert.That(second, Is.EqualTo(first));
    }

    [TestCase("torch")]
    [TestCase("torch-avx2")]
    [TestCase("numpy")]
    public void An_empty_draw_consumes_nothing(string kind)
    {
        var a = NoiseSources.Create(kind, 5);
        var b = NoiseSources.Create(kind, 5);
        a.NextStandardNormal([]);
        float[] x = new float[3];
        float[] y = new float[3];
        a.NextStandardNormal(x);
        b.NextStandardNormal(y);
        Assert.That(x, Is.EqualTo(y));
    }
}
