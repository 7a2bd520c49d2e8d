namespace AssetForge.Core.Tests.Randomness;

using System.Security.Cryptography;
using AssetForge.Core.Randomness;

public sealed class TorchNoiseSourceTests
{
    private static IEnumerable<TestCaseData> TorchCases() => RngReference.Cases("torch");

    [TestCaseSource(nameof(TorchCases))]
    public void Draws_match_torch_randn_bit_for_bit(ulong seed, ExpectedDraw[] draws) =>
        BitExactness.AssertDrawsMatch(NoiseSources.Create("torch", seed), draws);

    [Test]
    public void Long_sequences_over_many_seeds_match_torch_digests()
    {
        var failures = new List<string>();
        foreach ((ulong seed, int[] sizes, string sha256) in RngReference.PropertyCases("torch"))
        {
            var source = NoiseSources.Create("torch", seed);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (int n in sizes)
            {
                float[] draw = new float[n];
                source.NextStandardNormal(draw);
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(draw.AsSpan()));
            }

            if (Convert.ToHexStringLower(hash.GetHashAndReset()) != sha256)
            {
                failures.Add($"seed {seed}, sizes {string.Join(",", sizes)}");
            }
        }

        Assert.That(failures, Is.Empty);
    }

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
