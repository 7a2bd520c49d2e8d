namespace AssetForge.Core.Tests.Randomness;

using System.Security.Cryptography;
using AssetForge.Core.Randomness;

public sealed class NumPyNoiseSourceTests
{
    private static IEnumerable<TestCaseData> NumPyCases() => RngReference.Cases("numpy");

    [TestCaseSource(nameof(NumPyCases))]
    public void Draws_match_numpy_randn_cast_to_float32_bit_for_bit(ulong seed, ExpectedDraw[] draws) =>
        BitExactness.AssertDrawsMatch(NoiseSources.Create("numpy", seed), draws);

    [Test]
    public void Long_sequences_over_many_seeds_match_numpy_digests()
    {
        var failures = new List<string>();
        foreach ((ulong seed, int[] sizes, string sha256) in RngReference.PropertyCases("numpy"))
        {
            var source = NoiseSources.Create("numpy", seed);
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
    public void Seeds_from_two_to_the_32_on_give_distinct_streams()
    {
        float[] a = new float[8];
        float[] b = new float[8];
        NoiseSources.Create("numpy", 1UL << 32).NextStandardNormal(a);
        NoiseSources.Create("numpy", 1UL << 33).NextStandardNormal(b);
        Assert.That(b, Is.Not.EqualTo(a));
    }
}
