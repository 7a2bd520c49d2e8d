namespace AssetForge.Onnx.Imaging.PostSteps;

using System.Globalization;
using AssetForge.Abstractions.PostProcessing;

/// <summary>
/// <c>roughness</c>: a greyscale roughness estimate for PBR materials. A picture does not record
/// roughness, so this is a heuristic: fine detail (the local standard deviation of luminance over a
/// window of <c>radius</c> 1 to 8 pixels, default 2) reads as rough, flat areas as smooth. The
/// image's average detail maps to <c>mid</c> (0 to 255, default 160: most surfaces are fairly rough),
/// and <c>contrast</c> (0.1 to 32, default 4) scales how far detail moves it. <c>wrap</c> (from
/// <c>tiling:</c> unless written) reads across the wrapped edges.
/// </summary>
public sealed class RoughnessStep : TextureMapStep
{
    /// <inheritdoc />
    public override string Id => "roughness";

    /// <inheritdoc />
    public override string? ShorthandParameter => "mid";

    /// <inheritdoc />
    protected override string ExtraName => "roughness";

    /// <inheritdoc />
    protected override string Suffix => "_r";

    /// <inheritdoc />
    protected override string[] MapParameters => ["radius", "mid", "contrast"];

    /// <inheritdoc />
    protected override List<KeyValuePair<string, string>> ValidateMap(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return
        [
            new("radius", PostStepImage.Text(PostStepImage.ParseInt("radius", parameters.Get("radius") ?? "2", 1, 8))),
            new("mid", PostStepImage.Text(PostStepImage.ParseInt("mid", parameters.Get("mid") ?? "160", 0, 255))),
            new("contrast", PostStepImage.ParseNumber("contrast", parameters.Get("contrast") ?? "4", 0.1, 32)),
        ];
    }

    /// <inheritdoc />
    protected override byte[] MapOf(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var field = TextureMaps.HeightOf(input, parameters);
        var radius = int.Parse(parameters.Get("radius")!, CultureInfo.InvariantCulture);
        var mid = int.Parse(parameters.Get("mid")!, CultureInfo.InvariantCulture) / 255f;
        var contrast = float.Parse(parameters.Get("contrast")!, CultureInfo.InvariantCulture);

        // Local standard deviation from the box means of h and h² (same edge rule as the field).
        var mean = field.Blurred(radius).Values;
        var levels = new byte[field.Values.Length * 4];
        var squared = new float[field.Values.Length];
        for (var i = 0; i < squared.Length; i++)
        {
            squared[i] = field.Values[i] * field.Values[i];
        }

        var meanOfSquares = HeightField.FromValues(field, squared).Blurred(radius).Values;
        cancellationToken.ThrowIfCancellationRequested();
        var deviation = new float[squared.Length];
        double total = 0;
        for (var i = 0; i < deviation.Length; i++)
        {
            deviation[i] = MathF.Sqrt(Math.Max(0f, meanOfSquares[i] - (mean[i] * mean[i])));
            total += deviation[i];
        }

        var average = (float)(total / deviation.Length);
        for (var i = 0; i < deviation.Length; i++)
        {
            var level = TextureMaps.ToByte(mid + (contrast * (deviation[i] - average)));
            (levels[i * 4], levels[(i * 4) + 1], levels[(i * 4) + 2], levels[(i * 4) + 3]) = (level, level, level, 255);
        }

        using var result = PostStepImage.FromPixels(field.Width, field.Height, levels);
        return PostStepImage.Encode(result, "png", 100);
    }
}
