namespace AssetForge.Core.Tests.Randomness;

using AssetForge.Core.Randomness;

public sealed class TorchNoiseSourceTests
{
    private static IEnumerable<TestCaseData> TorchCases() => RngReference.Cases("torch");

    [TestCaseSource(nameof(TorchCases))]
    public void Draws_match_torch_randn_bit_for_bit(ulong seed, ExpectedDraw[] draws) =>
        BitExactness.AssertDrawsMatch(NoiseSources.Create("torch", seed), draws);

    private static IEnumerable<TestCaseData> LargeCases() => RngReference.LargeCases("torch");

    [TestCaseSource(nameof(LargeCases))]
    [Category("Slow")]
    public void A_draw_covering_most_kernel_inputs_matches_torch_bit_for_bit(ulong seed, ExpectedDraw[] draws) =>
        BitExactness.AssertDrawsMatch(NoiseSources.Create("torch", seed), draws);

    [Test]
    public void Long_sequences_over_many_seeds_match_torch_digests() =>
        Assert.That(BitExactness.MismatchedSequenceDigests("torch"), Is.Empty);

    [Test]
    public void Seeds_that_differ_only_above_bit_31_give_the_same_noise()
    {
        float[] low = new float[40];
        float[] high = new float[40];
        NoiseSources.Create("torch", 7).NextStandardNormal(low);
        NoiseSources.Create("torch", (1UL << 40) + 7).NextStandardNormal(high);
        Assert.That(high, Is.EqualTo(low));
    }

    [Test]
    public void Draws_are_standard_normal()
    {
        float[] values = new float[1 << 16];
        NoiseSources.Create("torch", 1234).NextStandardNormal(values);
        double mean = values.Average(v => (double)v);
        double variance = values.Average(v => ((double)v - mean) * ((double)v - mean));
        Assert.That(mean, Is.EqualTo(0).Within(0.02));
        Assert.That(variance, Is.EqualTo(1).Within(0.02));
    }
}
