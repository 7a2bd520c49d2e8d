namespace AssetForge.Onnx.Imaging.PostSteps;

using System.Globalization;
using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.PostProcessing;
using SkiaSharp;

/// <summary>Decoding, encoding and parameter parsing shared by the built-in post steps.</summary>
internal static class PostStepImage
{
    /// <summary>Decodes to an unpremultiplied RGBA bitmap (AF3006 when not an image).</summary>
    public static SKBitmap Decode(byte[] encoded)
    {
        var bitmap = SKBitmap.Decode(encoded, new SKImageInfo(0, 0, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (bitmap is null)
        {
            using var probe = SKBitmap.Decode(encoded) ?? throw new PluginException(DiagnosticCode.UnreadableImage, "The post step's input is not an image SkiaSharp can read.");
            var converted = new SKBitmap(new SKImageInfo(probe.Width, probe.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            probe.CopyTo(converted, SKColorType.Rgba8888);
            return converted;
        }

        return bitmap;
    }

    /// <summary>Encodes deterministically (fixed zlib level and filters; no time or text chunks).</summary>
    public static byte[] Encode(SKBitmap bitmap, string format, int quality)
    {
        using var pixmap = bitmap.PeekPixels();
        using var data = format switch
        {
            "jpeg" => pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)),
            "webp" => pixmap.Encode(new SKWebpEncoderOptions(quality >= 100 ? SKWebpEncoderCompression.Lossless : SKWebpEncoderCompression.Lossy, quality)),
            _ => pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 6)),
        };
        return data?.ToArray() ?? throw new InvalidOperationException($"SkiaSharp could not encode the image as {format}.");
    }

    /// <summary>A new transparent RGBA bitmap.</summary>
    public static SKBitmap Blank(int width, int height) =>
        new(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));

    /// <summary>Checks that only <paramref name="known"/> names are present.</summary>
    public static void RequireKnown(string step, PostStepParameters parameters, params string[] known)
    {
        foreach (var name in parameters.Values.Keys)
        {
            if (Array.IndexOf(known, name) < 0)
            {
                throw new PostStepParameterException(name, $"The {step} step has no parameter '{name}'. Its parameters are: {string.Join(", ", known)}.");
            }
        }
    }

    /// <summary>Parses <c>WxH</c> (each 1 to 16384).</summary>
    public static (int Width, int Height) ParseSize(string parameter, string text)
    {
        var x = text.IndexOfAny(['x', 'X']);
        if (x > 0 &&
            int.TryParse(text.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var width) &&
            int.TryParse(text.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var height) &&
            width is >= 1 and <= 16384 && height is >= 1 and <= 16384)
        {
            return (width, height);
        }

        throw new PostStepParameterException(parameter, $"'{parameter}' must be WIDTHxHEIGHT (1 to 16384 each), e.g. 256x256; got '{text}'.");
    }

    /// <summary>Parses a whole number in a range.</summary>
    public static int ParseInt(string parameter, string text, int min, int max)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        throw new PostStepParameterException(parameter, $"'{parameter}' must be a whole number from {min} to {max}; got '{text}'.");
    }

    /// <summary>Parses a decimal number in a range and returns its canonical text (shortest round-trip form).</summary>
    public static string ParseNumber(string parameter, string text, double min, double max)
    {
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value.ToString("R", CultureInfo.InvariantCulture);
        }

        throw new PostStepParameterException(parameter, string.Create(CultureInfo.InvariantCulture, $"'{parameter}' must be a number from {min} to {max}; got '{text}'."));
    }

    /// <summary>Parses <c>true</c> or <c>false</c>.</summary>
    public static bool ParseBool(string parameter, string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new PostStepParameterException(parameter, $"'{parameter}' must be true or false; got '{text}'."),
    };

    /// <summary>Parses <c>#rrggbb</c>, <c>#rrggbbaa</c> or <c>transparent</c>.</summary>
    public static SKColor ParseColor(string parameter, string text)
    {
        if (text == "transparent")
        {
            return SKColors.Transparent;
        }

        if (text.Length is 7 or 9 && text[0] == '#' &&
            uint.TryParse(text.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return text.Length == 7
                ? new SKColor((byte)(value >> 16), (byte)(value >> 8), (byte)value)
                : new SKColor((byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value);
        }

        throw new PostStepParameterException(parameter, $"'{parameter}' must be a colour #rrggbb, #rrggbbaa or 'transparent'; got '{text}'.");
    }

    /// <summary><paramref name="keyword"/> itself, or the canonical #rrggbb of a colour (alpha dropped).</summary>
    public static string ParseRgbOr(string parameter, string text, string keyword) =>
        text == keyword ? keyword : FormatColor(ParseColor(parameter, text))[..7];

    /// <summary>The canonical text of a colour (lower-case #rrggbbaa).</summary>
    public static string FormatColor(SKColor color) =>
        string.Create(CultureInfo.InvariantCulture, $"#{color.Red:x2}{color.Green:x2}{color.Blue:x2}{color.Alpha:x2}");

    /// <summary>One of <paramref name="choices"/>.</summary>
    public static string ParseChoice(string parameter, string text, params string[] choices)
    {
        if (Array.IndexOf(choices, text) >= 0)
        {
            return text;
        }

        throw new PostStepParameterException(parameter, $"'{parameter}' must be one of {string.Join(", ", choices)}; got '{text}'.");
    }

    /// <summary>Formats an integer invariantly.</summary>
    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Draws on a premultiplied canvas (what Skia's raster canvas needs) and returns unpremultiplied RGBA.</summary>
    public static SKBitmap Draw(int width, int height, Action<SKCanvas> draw)
    {
        using var premul = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        premul.Erase(SKColors.Transparent);
        using (var canvas = new SKCanvas(premul))
        {
            draw(canvas);
            canvas.Flush();
        }

        var result = Blank(width, height);
        if (!premul.PeekPixels().ReadPixels(result.Info, result.GetPixels(), result.RowBytes, 0, 0))
        {
            result.Dispose();
            throw new InvalidOperationException("SkiaSharp could not convert the drawn pixels.");
        }

        return result;
    }

    /// <summary>A copy of the bitmap's RGBA bytes (row-major, no padding).</summary>
    public static byte[] Pixels(SKBitmap bitmap)
    {
        var pixels = new byte[bitmap.Width * bitmap.Height * 4];
        System.Runtime.InteropServices.Marshal.Copy(bitmap.GetPixels(), pixels, 0, pixels.Length);
        return pixels;
    }

    /// <summary>An unpremultiplied RGBA bitmap holding a copy of <paramref name="pixels"/>.</summary>
    public static SKBitmap FromPixels(int width, int height, byte[] pixels)
    {
        var bitmap = Blank(width, height);
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), width * height * 4);
        return bitmap;
    }
}
