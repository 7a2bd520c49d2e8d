namespace AssetForge.Onnx.Imaging.PostSteps;

using AssetForge.Abstractions.PostProcessing;

/// <summary>
/// <c>crop</c>: <c>size</c> WxH, and <c>x</c>, <c>y</c> the top-left corner (default: centred).
/// The rectangle must lie inside the image (checked when it runs).
/// </summary>
public sealed class CropStep : IPostStep
{
    /// <inheritdoc />
    public string Id => "crop";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public string? ShorthandParameter => "size";

    /// <inheritdoc />
    public PostStepParameters Validate(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        PostStepImage.RequireKnown(Id, parameters, "size", "x", "y");
        var size = parameters.Get("size") ?? throw new PostStepParameterException("size", "The crop step needs 'size', e.g. { crop: 48x48 }.");
        var (width, height) = PostStepImage.ParseSize("size", size);
        var values = new List<KeyValuePair<string, string>> { new("size", PostStepImage.Text(width) + "x" + PostStepImage.Text(height)) };
        foreach (var axis in (string[])["x", "y"])
        {
            values.Add(new(axis, parameters.Get(axis) is { } text ? PostStepImage.Text(PostStepImage.ParseInt(axis, text, 0, 16383)) : "center"));
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
        using var source = PostStepImage.Decode(input);
        var x = parameters.Get("x") is "center" or null ? (source.Width - width) / 2 : int.Parse(parameters.Get("x")!, System.Globalization.CultureInfo.InvariantCulture);
        var y = parameters.Get("y") is "center" or null ? (source.Height - height) / 2 : int.Parse(parameters.Get("y")!, System.Globalization.CultureInfo.InvariantCulture);
        if (x < 0 || y < 0 || x + width > source.Width || y + height > source.Height)
        {
            throw new PostStepParameterException("size", $"The crop {width}x{height} at ({x},{y}) does not fit inside the {source.Width}x{source.Height} image.");
        }

        var src = PostStepImage.Pixels(source).AsSpan();
        var dst = new byte[width * height * 4].AsSpan();
        for (var row = 0; row < height; row++)
        {
            src.Slice(((y + row) * source.Width + x) * 4, width * 4).CopyTo(dst.Slice(row * width * 4, width * 4));
        }

        using var result = PostStepImage.FromPixels(width, height, dst.ToArray());
        return PostStepImage.Encode(result, "png", 100);
    }
}
