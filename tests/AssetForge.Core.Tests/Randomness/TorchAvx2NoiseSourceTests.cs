namespace AssetForge.Core.Tests.Randomness;

using AssetForge.Core.Randomness;

/// <summary>
/// <c>rng: torch-avx2</c> against torch's AVX2 kernel (vectors from tests/reference/rng/make_reference.py,
/// run with ATEN_CPU_CAPABILITY=avx2).
/// </summary>
public sealed class TorchAvx2NoiseSourceTests
{
    private static IEnumerable<TestCaseData> Avx2Cases() => RngReference.Cases("torch-avx2");

    [TestCaseSource(nameof(Avx2Cases))]
    public void Draws_match_torch_avx2_randn_bit_for_bit(ulong seed, ExpectedDraw[] draws) =>
        BitExactness.AssertDrawsMatch(NoiseSources.Create("torch-avx2", seed), draws);

    private static IEnumerable<TestCaseData> LargeCases() => RngReference.LargeCases("torch-avx2");

    [TestCaseSource(nameof(LargeCases))]
    [Category("Slow")]
    public void A_draw_covering_most_kernel_inputs_matches_torch_avx2_bit_for_bit(ulong seed, ExpectedDraw[] draws) =>
        BitExactness.AssertDrawsMatch(NoiseSources.Create("torch-avx2", seed), draws);

    [Test]
    public void Long_sequences_over_many_seeds_match_torch_avx2_digests() =>
        Assert.That(BitExactness.MismatchedSequenceDigests("torch-avx2"), Is.Empty);

    [Test]
    public void Draws_below_16_elements_are_those_of_the_plain_kernel()
    {
        float[] avx2 = new float[15];
        float[] plain = new float[15];
        NoiseSources.Create("torch-avx2", 31).NextStandardNormal(avx2);
        NoiseSources.Create("torch", 31).NextStandardNormal(plain);
        Assert.That(avx2, Is.EqualTo(plain));
    }

    [Test]
    public void A_latent_sized_draw_differs_from_the_plain_kernel_by_rounding_only()
    {
        float[] avx2 = new float[4 * 64 * 64];
        float[] plain = new float[avx2.Length];
        NoiseSources.Create("torch-avx2", 909090).NextStandardNormal(avx2);
        NoiseSources.Create("torch", 909090).NextStandardNormal(plain);

        int differing = 0;
        double worst = 0;
        for (int i = 0; i < avx2.Length; i++)
        {
            if (avx2[i] != plain[i])
            {
                differing++;
                worst = Math.Max(worst, Math.Abs((double)avx2[i] - plain[i]));
            }
        }

        TestContext.Out.WriteLine($"{differing} of {avx2.Length} elements differ, by at most {worst:E2}");
        Assert.That(differing, Is.GreaterThan(0), "the kernels round differently");
        Assert.That(worst, Is.LessThan(1e-5));
    }
}
