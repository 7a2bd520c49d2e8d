namespace AssetForge.Onnx.Imaging.PostSteps;

using AssetForge.Abstractions.PostProcessing;

/// <summary>Parameter and value handling shared by the texture map steps (<c>height_map</c>, <c>normal_map</c>, <c>roughness</c>).</summary>
internal static class TextureMaps
{
    private static readonly string[] Wraps = ["none", "x", "y", "xy"];

    /// <summary>
    /// <paramref name="values"/> plus the validated <c>wrap</c>, left out when it is <c>none</c>
    /// (so an ordinary image's key does not carry it).
    /// </summary>
    public static PostStepParameters WithWrap(PostStepParameters written, List<KeyValuePair<string, string>> values)
    {
        var wrap = PostStepImage.ParseChoice("wrap", written.Get("wrap") ?? "none", Wraps);
        if (wrap != "none")
        {
            values.Add(new("wrap", wrap));
        }

        return new PostStepParameters(values);
    }

    /// <summary>The luminance height field of an encoded image, with the parameters' edge rule and (when they have one) <c>blur</c>.</summary>
    public static HeightField HeightOf(byte[] input, PostStepParameters parameters)
    {
        using var source = PostStepImage.Decode(input);
        var field = HeightField.FromLuminance(PostStepImage.Pixels(source), source.Width, source.Height, parameters.Get("wrap") ?? "none");
        return parameters.Get("blur") is { } blur ? field.Blurred(int.Parse(blur, System.Globalization.CultureInfo.InvariantCulture)) : field;
    }

    /// <summary>A 0..1 value as a byte, rounded half to even.</summary>
    public static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round(value * 255f, MidpointRounding.ToEven), 0f, 255f);
}
