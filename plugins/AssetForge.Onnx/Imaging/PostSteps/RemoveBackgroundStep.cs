namespace AssetForge.Onnx.Imaging.PostSteps;

using AssetForge.Abstractions.PostProcessing;

/// <summary>
/// <c>remove_background</c>: alpha from the plain background the prompt asked for. The background
/// is the region connected to the image border whose colour is within <c>tolerance</c> (Oklab
/// distance times 100: 0 to 100, default 12) of the background colour (<c>color</c>: #rrggbb or
/// <c>auto</c>, the per-channel median of the border pixels). Pixels within <c>edge</c> pixels
/// (0 to 16, default 2) of that region get alpha from their colour distance (transparent at the
/// tolerance, opaque at the distance of the nearest solid subject pixels) and have the background
/// colour taken out of them, so edges are soft without a halo. <c>keep_largest: true</c> keeps only the largest opaque region (drops specks).
/// Unlike <c>color_key</c>, background-coloured pixels inside the subject stay opaque.
/// </summary>
public sealed class RemoveBackgroundStep : IPostStep
{
    /// <inheritdoc />
    public string Id => "remove_background";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public string? ShorthandParameter => "tolerance";

    /// <inheritdoc />
    public PostStepParameters Validate(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        PostStepImage.RequireKnown(Id, parameters, "color", "tolerance", "edge", "keep_largest");
        return new PostStepParameters(
        [
            new("color", PostStepImage.ParseRgbOr("color", parameters.Get("color") ?? "auto", "auto")),
            new("tolerance", PostStepImage.Text(PostStepImage.ParseInt("tolerance", parameters.Get("tolerance") ?? "12", 0, 100))),
            new("edge", PostStepImage.Text(PostStepImage.ParseInt("edge", parameters.Get("edge") ?? "2", 0, 16))),
            new("keep_largest", PostStepImage.ParseBool("keep_largest", parameters.Get("keep_largest") ?? "false") ? "true" : "false"),
        ]);
    }

    /// <inheritdoc />
    public string OutputFormat(PostStepParameters parameters) => "png";

    /// <inheritdoc />
    public byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var source = PostStepImage.Decode(input);
        var pixels = PostStepImage.Pixels(source);
        var color = parameters.Get("color")!;
        var background = color == "auto" ? BorderMedian(pixels, source.Width, source.Height) : PostStepImage.ParseColor("color", color);
        var settings = new BackgroundRemoval(
            background.Red,
            background.Green,
            background.Blue,
            int.Parse(parameters.Get("tolerance")!, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(parameters.Get("edge")!, System.Globalization.CultureInfo.InvariantCulture),
            parameters.Get("keep_largest") == "true");
        settings.Apply(pixels, source.Width, source.Height, cancellationToken);
        using var result = PostStepImage.FromPixels(source.Width, source.Height, pixels);
        return PostStepImage.Encode(result, "png", 100);
    }

    // The median resists a subject that touches the border in a few places, where a mean would drift.
    private static SkiaSharp.SKColor BorderMedian(byte[] pixels, int width, int height)
    {
        var count = height == 1 ? width : width == 1 ? height : (2 * width) + (2 * (height - 2));
        var red = new byte[count];
        var green = new byte[count];
        var blue = new byte[count];
        var n = 0;
        for (var y = 0; y < height; y++)
        {
            var step = y == 0 || y == height - 1 ? 1 : Math.Max(1, width - 1);
            for (var x = 0; x < width; x += step)
            {
                var i = ((y * width) + x) * 4;
                (red[n], green[n], blue[n]) = (pixels[i], pixels[i + 1], pixels[i + 2]);
                n++;
            }
        }

        Array.Sort(red, 0, n);
        Array.Sort(green, 0, n);
        Array.Sort(blue, 0, n);
        return new SkiaSharp.SKColor(red[(n - 1) / 2], green[(n - 1) / 2], blue[(n - 1) / 2]);
    }
}
