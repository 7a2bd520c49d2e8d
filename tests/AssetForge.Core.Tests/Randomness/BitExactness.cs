namespace AssetForge.Core.Tests.Randomness;

using AssetForge.Abstractions.Randomness;

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
}
