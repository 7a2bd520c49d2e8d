namespace AssetForge.Onnx.Imaging.PostSteps;

using AssetForge.Abstractions.PostProcessing;

/// <summary>
/// What the texture map steps (<c>normal_map</c>, <c>height_map</c>, <c>roughness</c>) share: each
/// writes its map as a named extra output beside the colour map (<c>ground.png</c> →
/// <c>ground_n.png</c>) and passes the colour image on unchanged, so one spec yields a material's
/// maps. <c>replace: true</c> keeps the behaviour of steps before version 2: the map replaces the
/// image and nothing extra is written (for a chain that post-processes the map itself).
/// </summary>
/// <remarks>
/// Version 2 of these steps changed what the stage stores, so their keys differ from version 1's:
/// a cached version-1 stage (whose image was the map) is never served as a version-2 one.
/// <c>replace: false</c> is left out of the canonical parameters, so writing it changes no key.
/// </remarks>
public abstract class TextureMapStep : IExtraOutputPostStep, ITilingAwarePostStep
{
    /// <inheritdoc />
    public abstract string Id { get; }

    /// <inheritdoc />
    public string Version => "2.0.0";

    /// <inheritdoc />
    public abstract string? ShorthandParameter { get; }

    /// <inheritdoc />
    public string TilingParameter => "wrap";

    /// <summary>The extra output's name (the target is <c>&lt;asset&gt;:&lt;name&gt;</c>).</summary>
    protected abstract string ExtraName { get; }

    /// <summary>What the map's file name gains after the colour map's stem.</summary>
    protected abstract string Suffix { get; }

    /// <summary>The step's own parameters (besides <c>wrap</c> and <c>replace</c>).</summary>
    protected abstract string[] MapParameters { get; }

    /// <inheritdoc />
    public PostStepParameters Validate(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        PostStepImage.RequireKnown(Id, parameters, [.. MapParameters, "wrap", "replace"]);
        var values = ValidateMap(parameters);
        if (PostStepImage.ParseBool("replace", parameters.Get("replace") ?? "false"))
        {
            values.Add(new("replace", "true"));
        }

        return TextureMaps.WithWrap(parameters, values);
    }

    /// <inheritdoc />
    public string OutputFormat(PostStepParameters parameters) => "png";

    /// <inheritdoc />
    public IReadOnlyList<PostStepExtraOutput> ExtraOutputs(PostStepParameters parameters) =>
        Replaces(parameters) ? [] : [new PostStepExtraOutput(ExtraName, Suffix, "png")];

    /// <inheritdoc />
    public bool PassesImageThrough(PostStepParameters parameters) => !Replaces(parameters);

    /// <inheritdoc />
    /// <remarks>The main image: the map with <c>replace: true</c>, else the input (what a host before contract 1.3 stores).</remarks>
    public byte[] Apply(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken) =>
        Replaces(parameters) ? MapOf(input, parameters, cancellationToken) : input;

    /// <inheritdoc />
    public PostStepResult ApplyWithExtras(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken)
    {
        var map = MapOf(input, parameters, cancellationToken);
        return Replaces(parameters)
            ? new PostStepResult(map, new Dictionary<string, byte[]>(StringComparer.Ordinal))
            : new PostStepResult(input, new Dictionary<string, byte[]>(StringComparer.Ordinal) { [ExtraName] = map });
    }

    /// <summary>The step's own validated parameters, canonical, every default filled in.</summary>
    protected abstract List<KeyValuePair<string, string>> ValidateMap(PostStepParameters parameters);

    /// <summary>The map of an encoded image, as PNG.</summary>
    protected abstract byte[] MapOf(byte[] input, PostStepParameters parameters, CancellationToken cancellationToken);

    private static bool Replaces(PostStepParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Get("replace") == "true";
    }
}
