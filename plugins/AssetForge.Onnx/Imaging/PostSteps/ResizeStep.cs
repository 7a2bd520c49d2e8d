namespace AssetForge.Onnx.Imaging.PostSteps;

using AssetForge.Abstractions.PostProcessing;
using SkiaSharp;

/// <summary>
/// <c>resize</c>: <c>size</c> WxH; <c>mode</c> <c>exact</c> (default: stretch to the size),
/// <c>fit</c> (keep the aspect ratio, fit inside the size: the result may be smaller on one
/// axis; follow with <c>pad</c> for an exact canvas) or <c>fill</c> (keep the aspect ratio, cover
/// the size and crop the overflow evenly); <c>filter</c> <c>mitchell</c> (default, bicubic B=C=1/3),
/// <c>lanczos</c> (Lanczos-3, sharpest; premultiplied, widened when shrinking), <c>catmull_rom</c>
/// (sharper bicubic), <c>linear</c> or <c>nearest</c> (pixel art); <c>wrap</c> <c>none</c>, <c>x</c>,
/// <c>y</c> or <c>xy</c>: filters sample across the wrapped edge instead of clamping at it, so a
/// tiling image still tiles after resizing (set from the asset's <c>tiling:</c> unless written).
/// </summary>
public sealed class ResizeStep : ITilingAwarePostStep
{
    private static readonly string[] Modes = ["exact", "fit", "fill"];
    private static readonly string[] Filters = ["mitchell", "lanczos", "catmull_rom", "linear", "nearest"];
    private static readonly string[] Wraps = ["none", "x", "y", "xy"];

    /// <inheritdoc />
    public string Id => "resize";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public string? ShorthandParameter => "size";

    /// <inheritdoc />
    public string TilingParameter => "wrap";

    /// <inheritdoc />
    public PostStepParameters Validate(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        PostStepImage.RequireKnown(Id, parameters, "size", "mode", "filter", "wrap");
        var size = parameters.Get("size") ?? throw new PostStepParameterException("size", "The resize step needs 'size', e.g. { resize: 256x256 }.");
        var (width, height) = PostStepImage.ParseSize("size", size);
        var wrap = PostStepImage.ParseChoice("wrap", parameters.Get("wrap") ?? "none", Wraps);
        List<KeyValuePair<string, string>> values =
        [
            new("size", PostStepImage.Text(width) + "x" + PostStepImage.Text(height)),
            new("mode", PostStepImage.ParseChoice("mode", parameters.Get("mode") ?? "exact", Modes)),
            new("filter", PostStepImage.ParseChoice("filter", parameters.Get("filter") ?? "mitchell", Filters)),
        ];

        // Left out when off, so that the keys of resize stages written before 'wrap' existed are unchanged.
        if (wrap != "none")
        {
            values.Add(new("wrap", wrap));
        }

        return new PostStepParameters(values);
    }

    /// <inheritdoc />
    public string OutputFormat(PostStepParameters parameters) => "png";

    /// <inheritdoc />
    public byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (width, height) = PostStepImage.ParseSize("size", parameters.Get("size")!);
        var mode = parameters.Get("mode");
        var wrap = parameters.Get("wrap") ?? "none";
        bool wrapX = wrap.Contains('x', StringComparison.Ordinal), wrapY = wrap.Contains('y', StringComparison.Ordinal);
        var sampling = parameters.Get("filter") switch
        {
            "nearest" => new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None),
            "linear" => new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None),
            "catmull_rom" => new SKSamplingOptions(SKCubicResampler.CatmullRom),
            _ => new SKSamplingOptions(SKCubicResampler.Mitchell),
        };

        using var source = PostStepImage.Decode(input);
        cancellationToken.ThrowIfCancellationRequested();
        double sx = (double)width / source.Width, sy = (double)height / source.Height;
        int outWidth = width, outHeight = height;
        var dest = new SKRect(0, 0, width, height);
        if (mode == "fit")
        {
            var scale = Math.Min(sx, sy);
            outWidth = Math.Max(1, (int)Math.Round(source.Width * scale));
            outHeight = Math.Max(1, (int)Math.Round(source.Height * scale));
            dest = new SKRect(0, 0, outWidth, outHeight);
        }
        else if (mode == "fill")
        {
            var scale = Math.Max(sx, sy);
            var scaledWidth = (float)(source.Width * scale);
            var scaledHeight = (float)(source.Height * scale);
            var left = (width - scaledWidth) / 2f;
            var top = (height - scaledHeight) / 2f;
            dest = new SKRect(left, top, left + scaledWidth, top + scaledHeight);
        }

        if (parameters.Get("filter") == "lanczos")
        {
            return ApplyLanczos(source, width, height, mode, wrapX, wrapY);
        }

        using var image = SKImage.FromBitmap(source);
        using var result = PostStepImage.Draw(outWidth, outHeight, canvas =>
        {
            using var paint = new SKPaint { BlendMode = SKBlendMode.Src };
            if (!wrapX && !wrapY)
            {
                canvas.DrawImage(image, new SKRect(0, 0, source.Width, source.Height), dest, sampling, paint);
                return;
            }

            // A repeating image shader makes every filter tap past an edge read the opposite edge.
            var matrix = SKMatrix.Concat(SKMatrix.CreateTranslation(dest.Left, dest.Top), SKMatrix.CreateScale(dest.Width / source.Width, dest.Height / source.Height));
            using var shader = image.ToShader(wrapX ? SKShaderTileMode.Repeat : SKShaderTileMode.Clamp, wrapY ? SKShaderTileMode.Repeat : SKShaderTileMode.Clamp, sampling, matrix);
            paint.Shader = shader;
            canvas.DrawRect(dest, paint);
        });
        return PostStepImage.Encode(result, "png", 100);
    }

    // Lanczos resamples the whole image to the scaled size, then crops (fill) evenly.
    private static byte[] ApplyLanczos(SKBitmap source, int width, int height, string? mode, bool wrapX, bool wrapY)
    {
        double sx = (double)width / source.Width, sy = (double)height / source.Height;
        var scale = mode == "fit" ? Math.Min(sx, sy) : Math.Max(sx, sy);
        var (scaledWidth, scaledHeight) = mode == "exact"
            ? (width, height)
            : (Math.Max(1, (int)Math.Round(source.Width * scale)), Math.Max(1, (int)Math.Round(source.Height * scale)));
        var pixels = LanczosResampler.Resize(PostStepImage.Pixels(source), source.Width, source.Height, scaledWidth, scaledHeight, wrapX, wrapY);
        if (mode == "fill" && (scaledWidth != width || scaledHeight != height))
        {
            int left = (scaledWidth - width) / 2, top = (scaledHeight - height) / 2;
            var cropped = new byte[width * height * 4];
            for (var row = 0; row < height; row++)
            {
                Array.Copy(pixels, (((top + row) * scaledWidth) + left) * 4, cropped, row * width * 4, width * 4);
            }

            (pixels, scaledWidth, scaledHeight) = (cropped, width, height);
        }

        using var result = PostStepImage.FromPixels(scaledWidth, scaledHeight, pixels);
        return PostStepImage.Encode(result, "png", 100);
    }
}
