namespace AssetForge.Core.Tests.Randomness;

using System.Runtime.InteropServices;
using System.Security.Cryptography;
using AssetForge.Core.Randomness;

/// <summary>
/// The port of glibc's float log/sin/cos against the digests of glibc's own results on every
/// input torch's plain randn kernel can produce (tests/reference/rng/libm_digest.c).
/// </summary>
public sealed class Float32LibmTests
{
    private const int InputCount = 1 << 24;

    [Test]
    [Category("Slow")]
    public void Log_matches_glibc_on_every_input_the_kernel_can_give() =>
        Assert.That(DigestOf(static u => Float32Libm.Log(1f - u)), Is.EqualTo(RngReference.LibmDigest("logf")));

    [Test]
    [Category("Slow")]
    public void Sin_matches_glibc_on_every_input_the_kernel_can_give() =>
        Assert.That(DigestOf(static u => { Float32Libm.SinCos(Angle(u), out float s, out _); return s; }), Is.EqualTo(RngReference.LibmDigest("sinf")));

    [Test]
    [Category("Slow")]
    public void Cos_matches_glibc_on_every_input_the_kernel_can_give() =>
        Assert.That(DigestOf(static u => { Float32Libm.SinCos(Angle(u), out _, out float c); return c; }), Is.EqualTo(RngReference.LibmDigest("cosf")));

    [TestCase(1f, 0f)]
    [TestCase(0.5f, -0.6931472f)]
    [TestCase(5.9604645E-08f, -16.635532f)]
    public void Log_of_known_values(float x, float expected) =>
        Assert.That(Float32Libm.Log(x), Is.EqualTo(expected));

    private static float Angle(float u) => (float)(2.0 * Math.PI * u);

    private static string DigestOf(Func<float, float> function)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        float[] chunk = new float[1 << 16];
        for (int start = 0; start < InputCount; start += chunk.Length)
        {
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] = function((start + i) * (1f / 16777216f));
            }

            hash.AppendData(MemoryMarshal.AsBytes(chunk.AsSpan()));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
