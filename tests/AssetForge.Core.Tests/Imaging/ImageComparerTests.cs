namespace AssetForge.Core.Tests.Imaging;

using AssetForge.Abstractions.Imaging;
using AssetForge.Core.Imaging;

public sealed class ImageComparerTests
{
    private static RgbaImage Grey(int width, int height, byte value)
    {
        var pixels = new byte[4 * width * height];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (i % 4) == 3 ? (byte)255 : value;
        }

        return new RgbaImage(width, height, pixels);
    }

    [Test]
    public void Equal_images_are_identical_with_infinite_psnr()
    {
        var comparison = ImageComparer.Compare(Grey(4, 3, 10), Grey(4, 3, 10));

        Assert.That(comparison.Identical, Is.True);
        Assert.That(comparison.Psnr, Is.EqualTo(double.PositiveInfinity));
        Assert.That(comparison.ChangedBounds, Is.Null);
    }

    [Test]
    public void One_changed_pixel_gives_its_box_max_mean_and_psnr()
    {
        var a = Grey(4, 3, 10);
        var b = Grey(4, 3, 10);
        var o = 4 * ((2 * 4) + 1); // (x 1, y 2)
        b.Pixels[o] = 30;

        var comparison = ImageComparer.Compare(a, b);

        Assert.That(comparison.ChangedPixels, Is.EqualTo(1));
        Assert.That(comparison.ChangedBounds, Is.EqualTo((1, 2, 1, 1)));
        Assert.That(comparison.MaxAbsoluteDifference, Is.EqualTo(20));
        Assert.That(comparison.MeanAbsoluteDifference, Is.EqualTo(20.0 / 48).Within(1e-12));
        Assert.That(comparison.Psnr, Is.EqualTo(10 * Math.Log10(255.0 * 255 / (400.0 / 48))).Within(1e-9));
        Assert.That(comparison.Difference[o], Is.EqualTo(20));
        Assert.That(comparison.WithinTolerance(20), Is.True);
        Assert.That(comparison.WithinTolerance(19), Is.False);
    }

    [Test]
    public void Images_of_different_sizes_are_refused()
    {
        Assert.That(() => ImageComparer.Compare(Grey(4, 3, 0), Grey(3, 4, 0)), Throws.ArgumentException);
    }

    [Test]
    public void Png_text_chunks_are_read_back_in_order()
    {
        // Signature, tEXt "a"="b", IEND (CRCs are not checked by the reader).
        byte[] png =
        [
            0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A,
            0, 0, 0, 3, (byte)'t', (byte)'E', (byte)'X', (byte)'t', (byte)'a', 0, (byte)'b', 0, 0, 0, 0,
            0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0, 0, 0, 0,
        ];

        Assert.That(PngTextReader.Read(png), Is.EqualTo(new[] { new KeyValuePair<string, string>("a", "b") }));
    }
}
