namespace AssetForge.Onnx.Imaging.PostSteps;

using AssetForge.Abstractions.PostProcessing;

/// <summary>
/// <c>pad</c>: <c>size</c> WxH (at least the image's size) or <c>pow2</c> (each side to the next
/// power of two); <c>color</c> of the border (default <c>transparent</c>). The image is centred
/// (an odd remainder goes right and down).
/// </summary>
public sealed class PadStep : IPostStep
{
    /// <inheritdoc />
    public string Id => "pad";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public string? ShorthandParameter => "size";

    /// <inheritdoc />
    public PostStepParameters Validate(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        PostStepImage.RequireKnown(Id, parameters, "size", "color");
        var size = parameters.Get("size") ?? throw new PostStepParameterException("size", "The pad step needs 'size': WxH or pow2, e.g. { pad: pow2 }.");
        if (size != "pow2")
        {
            var (width, height) = PostStepImage.ParseSize("size", size);
            size = PostStepImage.Text(width) + "x" + PostStepImage.Text(height);
        }

        var color = PostStepImage.ParseColor("color", parameters.Get("color") ?? "transparent");
        return new PostStepParameters([new("size", size), new("color", PostStepImage.FormatColor(color))]);
    }

    /// <inheritdoc />
    public string OutputFormat(PostStepParameters parameters) => "png";

    /// <inheritdoc />
    public byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var source = PostStepImage.Decode(input);
        var size = parameters.Get("size")!;
        var (width, height) = size == "pow2"
            ? ((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)source.Width), (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)source.Height))
            : PostStepImage.ParseSize("size", size);
        if (width < source.Width || height < source.Height)
        {
            throw new PostStepParameterException("size", $"Cannot pad the {source.Width}x{source.Height} image to the smaller {width}x{height}; crop or resize first.");
        }

        var color = PostStepImage.ParseColor("color", parameters.Get("color")!);
        var pixels = new byte[width * height * 4];
        for (var i = 0; i < pixels.Length; i += 4)
        {
            pixels[i] = color.Red;
            pixels[i + 1] = color.Green;
            pixels[i + 2] = color.Blue;
            pixels[i + 3] = color.Alpha;
        }

        var src = PostStepImage.Pixels(source);
        int left = (width - source.Width) / 2, top = (height - source.Height) / 2;
        for (var row = 0; row < source.Height; row++)
        {
            Array.Copy(src, row * source.Width * 4, pixels, ((top + row) * width + left) * 4, source.Width * 4);
        }

        using var result = PostStepImage.FromPixels(width, height, pixels);
        return PostStepImage.Encode(result, "png", 100);
    }
}
