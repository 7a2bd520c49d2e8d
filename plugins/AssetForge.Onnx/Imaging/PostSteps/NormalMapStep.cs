namespace AssetForge.Onnx.Imaging.PostSteps;

using System.Globalization;
using AssetForge.Abstractions.PostProcessing;

/// <summary>
/// <c>normal_map</c>: a tangent-space normal map from the image's luminance taken as height, by
/// Sobel gradients. <c>strength</c> 0.1 to 32 (default 2) scales the slopes; <c>convention</c>
/// <c>opengl</c> (default: green is +Y up, Blender, Godot, Unity) or <c>directx</c> (green flipped:
/// Unreal, 3ds Max); <c>blur</c> 0 to 16 (default 1) smooths the height first (generated textures
/// carry pixel noise that would otherwise turn into glitter); <c>wrap</c> (from <c>tiling:</c>
/// unless written) reads across the wrapped edges, so a tiling texture's normal map tiles too.
/// Flat areas are (128, 128, 255).
/// </summary>
public sealed class NormalMapStep : TextureMapStep
{
    private static readonly string[] Conventions = ["opengl", "directx"];

    /// <inheritdoc />
    public override string Id => "normal_map";

    /// <inheritdoc />
    public override string? ShorthandParameter => "strength";

    /// <inheritdoc />
    protected override string ExtraName => "normal";

    /// <inheritdoc />
    protected override string Suffix => "_n";

    /// <inheritdoc />
    protected override string[] MapParameters => ["strength", "convention", "blur"];

    /// <inheritdoc />
    protected override List<KeyValuePair<string, string>> ValidateMap(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return
        [
            new("strength", PostStepImage.ParseNumber("strength", parameters.Get("strength") ?? "2", 0.1, 32)),
            new("convention", PostStepImage.ParseChoice("convention", parameters.Get("convention") ?? "opengl", Conventions)),
            new("blur", PostStepImage.Text(PostStepImage.ParseInt("blur", parameters.Get("blur") ?? "1", 0, 16))),
        ];
    }

    /// <inheritdoc />
    protected override byte[] MapOf(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var field = TextureMaps.HeightOf(input, parameters);
        var strength = float.Parse(parameters.Get("strength")!, CultureInfo.InvariantCulture);
        var greenSign = parameters.Get("convention") == "directx" ? -1f : 1f;
        int width = field.Width, height = field.Height;
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var x = 0; x < width; x++)
            {
                // Sobel, normalised to height change per pixel; image y grows downwards.
                var dx = ((field.At(x + 1, y - 1) + (2 * field.At(x + 1, y)) + field.At(x + 1, y + 1)) - (field.At(x - 1, y - 1) + (2 * field.At(x - 1, y)) + field.At(x - 1, y + 1))) / 8f;
                var dy = ((field.At(x - 1, y + 1) + (2 * field.At(x, y + 1)) + field.At(x + 1, y + 1)) - (field.At(x - 1, y - 1) + (2 * field.At(x, y - 1)) + field.At(x + 1, y - 1))) / 8f;

                // Height rising to the right tilts the normal left; rising downwards (y up: falling) tilts it up in OpenGL's +Y.
                var nx = -dx * strength;
                var ny = dy * strength * greenSign;
                var length = MathF.Sqrt((nx * nx) + (ny * ny) + 1f);
                var p = ((y * width) + x) * 4;
                pixels[p] = TextureMaps.ToByte(((nx / length) * 0.5f) + 0.5f);
                pixels[p + 1] = TextureMaps.ToByte(((ny / length) * 0.5f) + 0.5f);
                pixels[p + 2] = TextureMaps.ToByte(((1f / length) * 0.5f) + 0.5f);
                pixels[p + 3] = 255;
            }
        }

        using var result = PostStepImage.FromPixels(width, height, pixels);
        return PostStepImage.Encode(result, "png", 100);
    }
}
