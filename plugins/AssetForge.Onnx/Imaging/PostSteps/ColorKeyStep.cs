namespace AssetForge.Onnx.Imaging.PostSteps;

using AssetForge.Abstractions.PostProcessing;

/// <summary>
/// <c>color_key</c>: makes the background transparent. <c>color</c> the background (#rrggbb;
/// default <c>corner</c>: the top-left pixel's colour), <c>tolerance</c> 0 to 255 (default 16):
/// a pixel whose largest channel difference from the key is at most the tolerance becomes fully
/// transparent; up to twice the tolerance, alpha ramps linearly so edges are not jagged.
/// </summary>
public sealed class ColorKeyStep : IPostStep
{
    /// <inheritdoc />
    public string Id => "color_key";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public string? ShorthandParameter => "color";

    /// <inheritdoc />
    public PostStepParameters Validate(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        PostStepImage.RequireKnown(Id, parameters, "color", "tolerance");
        var color = PostStepImage.ParseRgbOr("color", parameters.Get("color") ?? "corner", "corner");
        var tolerance = PostStepImage.ParseInt("tolerance", parameters.Get("tolerance") ?? "16", 0, 255);
        return new PostStepParameters([new("color", color), new("tolerance", PostStepImage.Text(tolerance))]);
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
        var key = color == "corner" ? new SkiaSharp.SKColor(pixels[0], pixels[1], pixels[2]) : PostStepImage.ParseColor("color", color);
        var tolerance = int.Parse(parameters.Get("tolerance")!, System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var distance = Math.Max(Math.Abs(pixels[i] - key.Red), Math.Max(Math.Abs(pixels[i + 1] - key.Green), Math.Abs(pixels[i + 2] - key.Blue)));
            if (distance <= tolerance)
            {
                pixels[i + 3] = 0;
            }
            else if (distance <= 2 * tolerance)
            {
                var ramp = (distance - tolerance) * 255 / Math.Max(1, tolerance);
                pixels[i + 3] = (byte)Math.Min(pixels[i + 3], ramp);
            }
        }

        using var result = PostStepImage.FromPixels(source.Width, source.Height, pixels);
        return PostStepImage.Encode(result, "png", 100);
    }
}
