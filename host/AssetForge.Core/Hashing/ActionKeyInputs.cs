namespace AssetForge.Core.Hashing;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Scheduling;

/// <summary>
/// Everything that changes the pixels of one generated image, and nothing else: not the asset id,
/// the output path, the spec's file name, its comments or its key order.
/// </summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="NegativePrompt">The negative prompt (empty for none).</param>
/// <param name="Seed">The seed.</param>
/// <param name="Steps">Inference steps.</param>
/// <param name="Cfg">Guidance scale.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Rng">The RNG kind.</param>
/// <param name="ModelFingerprint">The model folder's content fingerprint (<see cref="ModelFingerprinter"/>).</param>
/// <param name="SchedulerId">The scheduler's id (never an alias: aliases of one scheduler share keys).</param>
/// <param name="SchedulerVersion">The scheduler's version.</param>
/// <param name="SchedulerConfig">The scheduler's resolved configuration.</param>
/// <param name="BackendId">The model backend's id.</param>
/// <param name="BackendVersion">The model backend's (pipeline algorithm's) version.</param>
/// <param name="Precision">The precision, when known before opening the model; the model's element types are covered by its fingerprint anyway.</param>
public sealed record ActionKeyInputs(
    string Prompt,
    string NegativePrompt,
    ulong Seed,
    int Steps,
    double Cfg,
    int Width,
    int Height,
    string Rng,
    string ModelFingerprint,
    string SchedulerId,
    string SchedulerVersion,
    SchedulerConfig SchedulerConfig,
    string BackendId,
    string BackendVersion,
    string? Precision = null)
{
    /// <summary>img2img: the init image's content SHA-256; null for text-to-image (and then absent from the key).</summary>
    public string? InitImageSha256 { get; init; }

    /// <summary>img2img: the strength; only encoded with <see cref="InitImageSha256"/>.</summary>
    public double Strength { get; init; } = 1.0;

    /// <summary>
    /// The axes the image wraps around. Encoded as <c>tiling</c> (<c>"x"</c>, <c>"y"</c> or <c>"xy"</c>)
    /// only when not <see cref="TilingAxes.None"/>, so the keys of ordinary images are those of
    /// key schema 2 before tiling existed.
    /// </summary>
    public TilingAxes Tiling { get; init; } = TilingAxes.None;

    /// <summary>
    /// True when the negative prompt was written, even as <c>""</c>; false when absent. Encoded as
    /// <c>negative_prompt_empty: true</c> only for a written empty one, the one case where it changes
    /// pixels (an SDXL model encodes <c>""</c> but zeroes an absent one), so the keys of specs
    /// without a negative prompt, and with a non-empty one, are those from before it existed.
    /// </summary>
    public bool NegativePromptGiven { get; init; }

    /// <summary>
    /// SDXL's conditioning fields (<c>prompt_2</c>, <c>negative_prompt_2</c>, <c>original_size</c>,
    /// <c>crop_top_left</c>, <c>target_size</c>); each encoded only when set, so an SD 1.x spec's key
    /// is unchanged.
    /// </summary>
    public SdxlKeyInputs Sdxl { get; init; } = SdxlKeyInputs.None;

    /// <summary>
    /// The version of the key's schema. Bump it whenever the encoding or the set of inputs changes,
    /// so old cache entries are never mistaken for new ones.
    /// </summary>
    /// <remarks>2: PNGs carry generation metadata (parameters/assetforge text chunks); img2img inputs. 3: a generated PNG's metadata names its generation key and fields only (before, the last post stage's: one key, two contents); a sprite sheet is one action with two outputs.</remarks>
    public const int SchemaVersion = 3;

    /// <summary>The name under which <see cref="SchemaVersion"/> is encoded.</summary>
    public const string SchemaField = "key_schema";

    /// <summary>
    /// The inputs as field name → canonical JSON value. These are hashed into the key and kept in
    /// the build state, so <c>assetforge status</c> can say which of them changed.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToFields()
    {
        var fields = TextToImageFields();
        if (InitImageSha256 is not null)
        {
            fields["init_image"] = CanonicalJson.String(InitImageSha256);
            fields["strength"] = CanonicalJson.Number(Strength);
        }

        if (Tiling != TilingAxes.None)
        {
            fields["tiling"] = CanonicalJson.String(TilingText(Tiling));
        }

        if (NegativePromptGiven && NegativePrompt.Length == 0)
        {
            fields["negative_prompt_empty"] = CanonicalJson.Boolean(true);
        }

        Sdxl.AddTo(fields);

        return fields;
    }

    private SortedDictionary<string, string> TextToImageFields() => new(StringComparer.Ordinal)
    {
        ["prompt"] = CanonicalJson.String(Prompt),
        ["negative_prompt"] = CanonicalJson.String(NegativePrompt),
        ["seed"] = CanonicalJson.Number(Seed),
        ["steps"] = CanonicalJson.Number(Steps),
        ["cfg"] = CanonicalJson.Number(Cfg),
        ["width"] = CanonicalJson.Number(Width),
        ["height"] = CanonicalJson.Number(Height),
        ["rng"] = CanonicalJson.String(Rng),
        ["model"] = CanonicalJson.String(ModelFingerprint),
        ["scheduler"] = CanonicalJson.String(SchedulerId),
        ["scheduler_version"] = CanonicalJson.String(SchedulerVersion),
        ["scheduler_options"] = CanonicalJson.Object(SchedulerConfig.Values.Select(v => new KeyValuePair<string, string>(v.Key, CanonicalJson.Element(v.Value)))),
        ["backend"] = CanonicalJson.String(BackendId),
        ["backend_version"] = CanonicalJson.String(BackendVersion),
        ["precision"] = Precision is null ? CanonicalJson.Null : CanonicalJson.String(Precision),
    };

    /// <summary>How a tiling is written in keys and PNG metadata: <c>x</c>, <c>y</c> or <c>xy</c>.</summary>
    public static string TilingText(TilingAxes tiling) => tiling switch
    {
        TilingAxes.X => "x",
        TilingAxes.Y => "y",
        TilingAxes.Both => "xy",
        _ => "none",
    };

    /// <summary>Computes the key.</summary>
    public ActionKey ComputeKey() => ComputeKey(ToFields());

    /// <summary>Computes the key of fields made by <see cref="ToFields"/>.</summary>
    public static ActionKey ComputeKey(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var members = new List<KeyValuePair<string, string>>(fields.Count + 1)
        {
            new(SchemaField, CanonicalJson.Number(SchemaVersion)),
        };
        members.AddRange(fields);
        return ActionKey.FromCanonical(CanonicalJson.Object(members));
    }

    /// <summary>
    /// The names of the inputs that differ between two field sets, in the order users think of
    /// them (prompt first); both plugin versions are reported as <c>plugin_version</c>.
    /// </summary>
    public static IReadOnlyList<string> ChangedFields(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changed = new List<string>();
        foreach (var (field, reportAs) in ReportOrder)
        {
            before.TryGetValue(field, out var old);
            after.TryGetValue(field, out var now);
            if (!string.Equals(old, now, StringComparison.Ordinal) && !changed.Contains(reportAs))
            {
                changed.Add(reportAs);
            }
        }

        return changed;
    }

    private static readonly (string Field, string ReportAs)[] ReportOrder =
    [
        ("prompt", "prompt"),
        ("negative_prompt", "negative_prompt"),
        ("negative_prompt_empty", "negative_prompt"),
        ("prompt_2", "prompt_2"),
        ("negative_prompt_2", "negative_prompt_2"),
        ("original_size", "original_size"),
        ("crop_top_left", "crop_top_left"),
        ("target_size", "target_size"),
        ("init_image", "init_image"),
        ("strength", "strength"),
        ("tiling", "tiling"),
        ("seed", "seed"),
        ("steps", "steps"),
        ("cfg", "cfg"),
        ("scheduler", "scheduler"),
        ("scheduler_options", "scheduler_options"),
        ("width", "width"),
        ("height", "height"),
        ("rng", "rng"),
        ("model", "model"),
        ("backend", "backend"),
        ("precision", "precision"),
        ("scheduler_version", "plugin_version"),
        ("backend_version", "plugin_version"),
    ];
}
