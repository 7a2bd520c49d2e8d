namespace AssetForge.Core.Tests.Randomness;

using AssetForge.Core.Randomness;

public sealed class NumPyNoiseSourceTests
{
    private static IEnumerable<TestCaseData> NumPyCases() => RngReference.Cases("numpy");

    [TestCaseSource(nameof(NumPyCases))]
    public void Draws_match_numpy_randn_cast_to_float32_bit_for_bit(ulong seed, ExpectedDraw[] draws) =>
        BitExactness.AssertDrawsMatch(NoiseSources.Create("numpy", seed), draws);

    [Test]
    public void Long_sequences_over_many_seeds_match_numpy_digests() =>
        Assert.That(BitExactness.MismatchedSequenceDigests("numpy"), Is.Empty);

    [Test]
    public void Seeds_from_two_to_the_32_on_give_distinct_streams()
    {
        float[] a = new float[8];
        float[] b = new float[8];
        NoiseSources.Create("numpy", 1UL << 32).NextStandardNormal(a);
        NoiseSources.Create("numpy", 1UL << 33).NextStandardNormal(b);
        Assert.That(b, Is.Not.EqualTo(a));
    }
}
