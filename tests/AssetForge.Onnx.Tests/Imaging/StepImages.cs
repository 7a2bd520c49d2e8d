namespace AssetForge.Onnx.Tests.Imaging;

using AssetForge.Abstractions.Imaging;
using AssetForge.Abstractions.PostProcessing;
using AssetForge.Onnx.Imaging;

/// <summary>Synthetic images and a validate-apply-decode round trip for post step tests (of a texture map step, its map).</summary>
internal static class StepImages
{
    public static RgbaImage Run(IPostStep step, RgbaImage input, params (string Name, string Value)[] parameters) =>
        new SkiaImageToolkit().Decode(RunEncoded(step, input, parameters));

    public static byte[] RunEncoded(IPostStep step, RgbaImage input, params (string Name, string Value)[] parameters)
    {
        // A step with one extra output (a texture map) is tested on that output: it is what the step makes.
        var validated = step.Validate(Parameters(parameters));
        if (step is IExtraOutputPostStep extraStep && extraStep.ExtraOutputs(validated) is [var extra])
        {
            return extraStep.ApplyWithExtras(Encode(input), validated, CancellationToken.None).Extras[extra.Name];
        }

        return step.Apply(Encode(input), validated, CancellationToken.None);
    }

    public static PostStepParameters Parameters(params (string Name, string Value)[] parameters) =>
        new(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));

    public static byte[] Encode(RgbaImage image) => new SkiaImageToolkit().EncodePng(image, []);

    public static RgbaImage Solid(int width, int height, byte r, byte g, byte b, byte a)
    {
        var pixels = new byte[width * height * 4];
        for (var i = 0; i < pixels.Length; i += 4)
        {
            (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = (r, g, b, a);
        }

        return new RgbaImage(width, height, pixels);
    }

    public static void Fill(RgbaImage image, int left, int top, int width, int height, byte r, byte g, byte b, byte a = 255)
    {
        for (var y = top; y < top + height; y++)
        {
            for (var x = left; x < left + width; x++)
            {
                Set(image, x, y, r, g, b, a);
            }
        }
    }

    public static void Set(RgbaImage image, int x, int y, byte r, byte g, byte b, byte a = 255)
    {
        var i = ((y * image.Width) + x) * 4;
        (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2], image.Pixels[i + 3]) = (r, g, b, a);
    }

    public static byte[] At(RgbaImage image, int x, int y) => image.Pixels.AsSpan(((y * image.Width) + x) * 4, 4).ToArray();

    public static RgbaImage Checker(int width, int height)
    {
        var image = Solid(width, height, 0, 0, 0, 255);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = (byte)(((x / 4) + (y / 4)) % 2 == 0 ? 230 : 20);
                image.Pixels[((y * width) + x) * 4] = v;
                image.Pixels[(((y * width) + x) * 4) + 1] = v;
            }
        }

        return image;
    }

    /// <summary>Deterministic noise that tiles: a small random tile, so every edge pixel differs from its in-image neighbour as much as any interior pair.</summary>
    public static RgbaImage TilingNoise(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = Solid(width, height, 0, 0, 0, 255);
        for (var i = 0; i < image.Pixels.Length; i += 4)
        {
            (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]) = ((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        }

        return image;
    }
}
