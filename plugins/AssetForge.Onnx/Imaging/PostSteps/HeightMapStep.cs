namespace AssetForge.Onnx.Imaging.PostSteps;

using AssetForge.Abstractions.PostProcessing;

/// <summary>
/// <c>height_map</c>: a greyscale height map from the image's luminance, for parallax or
/// displacement. <c>blur</c> 0 to 16 (default 0) smooths it with a box of that radius;
/// <c>invert: true</c> makes dark high; <c>wrap</c> (none, x, y, xy; from the asset's
/// <c>tiling:</c> unless written) reads across the wrapped edges, so a tiling texture's map tiles too.
/// </summary>
public sealed class HeightMapStep : TextureMapStep
{
    /// <inheritdoc />
    public override string Id => "height_map";

    /// <inheritdoc />
    public override string? ShorthandParameter => "blur";

    /// <inheritdoc />
    protected override string ExtraName => "height";

    /// <inheritdoc />
    protected override string Suffix => "_h";

    /// <inheritdoc />
    protected override string[] MapParameters => ["blur", "invert"];

    /// <inheritdoc />
    protected override List<KeyValuePair<string, string>> ValidateMap(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return
        [
            new("blur", PostStepImage.Text(PostStepImage.ParseInt("blur", parameters.Get("blur") ?? "0", 0, 16))),
            new("invert", PostStepImage.ParseBool("invert", parameters.Get("invert") ?? "false") ? "true" : "false"),
        ];
    }

    /// <inheritdoc />
    protected override byte[] MapOf(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var field = TextureMaps.HeightOf(input, parameters);
        cancellationToken.ThrowIfCancellationRequested();
        var invert = parameters.Get("invert") == "true";
        var heights = field.Values;
        var pixels = new byte[heights.Length * 4];
        for (var i = 0; i < heights.Length; i++)
        {
            var level = TextureMaps.ToByte(invert ? 1f - heights[i] : heights[i]);
            (pixels[i * 4], pixels[(i * 4) + 1], pixels[(i * 4) + 2], pixels[(i * 4) + 3]) = (level, level, level, 255);
        }

        using var result = PostStepImage.FromPixels(field.Width, field.Height, pixels);
        return PostStepImage.Encode(result, "png", 100);
    }
}
