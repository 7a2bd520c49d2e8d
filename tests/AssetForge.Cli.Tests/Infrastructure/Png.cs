namespace AssetForge.Cli.Tests.Infrastructure;

using System.Buffers.Binary;

/// <summary>Reads just enough of a PNG file to check what the build wrote.</summary>
public static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts that <paramref name="path"/> is a PNG of the given size.</summary>
    public static void AssertImage(string path, int width, int height)
    {
        Assert.That(File.Exists(path), Is.True, $"{path} was not written");
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes.Length, Is.GreaterThan(33), $"{path} is too short for a PNG");
        Assert.That(bytes.AsSpan(0, 8).ToArray(), Is.EqualTo(Signature), $"{path} has no PNG signature");

        // The first chunk is IHDR: length (4), type (4), then width and height, big-endian.
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 12, 4), Is.EqualTo("IHDR"));
        Assert.That(
            (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))),
            Is.EqualTo((width, height)),
            $"{path}: width and height");
    }
}
