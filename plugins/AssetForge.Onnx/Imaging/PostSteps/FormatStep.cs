namespace AssetForge.Onnx.Imaging.PostSteps;

using AssetForge.Abstractions.PostProcessing;

/// <summary>
/// <c>format</c>: re-encodes as <c>png</c> (default), <c>webp</c> or <c>jpeg</c>; <c>quality</c>
/// 1 to 100 (default 90; webp 100 is lossless; ignored for png). JPEG has no alpha: transparent
/// pixels keep their colour channels. The asset's <c>output:</c> extension must match the chain's
/// final format (.png, .webp, .jpg/.jpeg); the host checks that when planning.
/// </summary>
public sealed class FormatStep : IPostStep
{
    private static readonly string[] Formats = ["png", "webp", "jpeg"];

    /// <inheritdoc />
    public string Id => "format";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public string? ShorthandParameter => "format";

    /// <inheritdoc />
    public PostStepParameters Validate(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        PostStepImage.RequireKnown(Id, parameters, "format", "quality");
        var format = parameters.Get("format") ?? "png";
        format = PostStepImage.ParseChoice("format", format == "jpg" ? "jpeg" : format, Formats);
        var quality = format == "png" ? 100 : PostStepImage.ParseInt("quality", parameters.Get("quality") ?? "90", 1, 100);
        return new PostStepParameters([new("format", format), new("quality", PostStepImage.Text(quality))]);
    }

    /// <inheritdoc />
    public string OutputFormat(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Get("format") ?? "png";
    }

    /// <inheritdoc />
    public byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var source = PostStepImage.Decode(input);
        return PostStepImage.Encode(source, OutputFormat(parameters), int.Parse(parameters.Get("quality")!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
