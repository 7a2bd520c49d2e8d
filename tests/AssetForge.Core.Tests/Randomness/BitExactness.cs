namespace AssetForge.Core.Tests.Randomness;

using System.Security.Cryptography;
using AssetForge.Abstractions.Randomness;
using AssetForge.Core.Randomness;

/// <summary>Assertions that compare float32 bit patterns, so -0 and +0 differ and nothing is rounded away.</summary>
internal static class BitExactness
{
    public static void AssertDrawsMatch(INoiseSource source, ExpectedDraw[] draws)
    {
        for (int d = 0; d < draws.Length; d++)
        {
            ExpectedDraw expected = draws[d];
            float[] actual = new float[expected.Length];
            source.NextStandardNormal(actual);
            uint[] actualBits = actual.Select(BitConverter.SingleToUInt32Bits).ToArray();
            string where = $"draw {d} (randn({expected.Length}))";
            if (expected.Bits is not null)
            {
                Assert.That(actualBits, Is.EqualTo(expected.Bits), where);
                continue;
            }

            Assert.That(actualBits[..expected.Head.Length], Is.EqualTo(expected.Head), where + ", first elements");
            Assert.That(actualBits[^expected.Tail.Length..], Is.EqualTo(expected.Tail), where + ", last elements");
            Assert.That(RngReference.Sha256(actual), Is.EqualTo(expected.Sha256), where + ", digest of all elements");
        }
    }

    /// <summary>
    /// Replays every committed long sequence of <paramref name="kind"/> (several draws of mixed
    /// sizes per seed) and returns the sequences whose SHA-256 over all drawn bits differs.
    /// </summary>
    public static List<string> MismatchedSequenceDigests(string kind)
    {
        var failures = new List<string>();
        foreach ((ulong seed, int[] sizes, string sha256) in RngReference.PropertyCases(kind))
        {
            var source = NoiseSources.Create(kind, seed);
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

        return failures;
    }
}
