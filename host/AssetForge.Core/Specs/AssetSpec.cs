namespace AssetForge.Core.Specs;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Diagnostics;

/// <summary>
/// One asset as resolved from a spec file: defaults from assetforge.yaml applied, values
/// validated, the output path normalised (forward slashes, relative to the output root, never
/// escaping it). Scheduler names are as written (an alias is resolved by the engine).
/// </summary>
public sealed record AssetSpec
{
    /// <summary>Unique id; defaults to the spec file's path under the project without extension (forward slashes).</summary>
    public required string Id { get; init; }

    /// <summary>Output path relative to the output root, forward slashes.</summary>
    public required string Output { get; init; }

    /// <summary>A model name from assetforge.yaml, or <c>builtin:NAME</c>.</summary>
    public required string Model { get; init; }

    /// <summary>The prompt.</summary>
    public required string Prompt { get; init; }

    /// <summary>The negative prompt; empty for none (see <see cref="NegativePromptAbsent"/>).</summary>
    public string NegativePrompt { get; init; } = string.Empty;

    /// <summary>
    /// True when neither the spec nor <c>defaults:</c> writes <c>negative_prompt</c>; false when one
    /// does, even as <c>""</c>. SDXL models zero the negative embedding for an absent one and encode
    /// an empty one (diffusers' force_zeros_for_empty_prompt).
    /// </summary>
    public bool NegativePromptAbsent { get; init; }

    /// <summary>SDXL's <c>prompt_2</c> (second text encoder); null for the prompt.</summary>
    public string? Prompt2 { get; init; }

    /// <summary>SDXL's <c>negative_prompt_2</c>; null for the negative prompt.</summary>
    public string? NegativePrompt2 { get; init; }

    /// <summary>SDXL's <c>original_size</c>; null for the image's size.</summary>
    public PixelSize? OriginalSize { get; init; }

    /// <summary>SDXL's <c>crop_top_left</c>; null for (0, 0).</summary>
    public CropOffset? CropTopLeft { get; init; }

    /// <summary>SDXL's <c>target_size</c>; null for the image's size.</summary>
    public PixelSize? TargetSize { get; init; }

    /// <summary>The seed, 0 to 2^64-1.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Inference steps, 1 to 1000.</summary>
    public required int Steps { get; init; }

    /// <summary>Classifier-free guidance scale.</summary>
    public required double Cfg { get; init; }

    /// <summary>Scheduler id or alias as written.</summary>
    public required string Scheduler { get; init; }

    /// <summary>The spec's scheduler_options (overrides of the model's scheduler config).</summary>
    public SchedulerConfig SchedulerOptions { get; init; } = SchedulerConfig.Empty;

    /// <summary>Width in pixels, a multiple of 8.</summary>
    public required int Width { get; init; }

    /// <summary>Height in pixels, a multiple of 8.</summary>
    public required int Height { get; init; }

    /// <summary>The RNG kind: <c>torch</c> (default), <c>torch-avx2</c> or <c>numpy</c>.</summary>
    public string Rng { get; init; } = "torch";

    /// <summary>img2img: the init image's absolute path; null for text-to-image.</summary>
    public string? InitImage { get; init; }

    /// <summary>img2img: the fraction of the schedule to run, (0, 1]; 1 for text-to-image.</summary>
    public double Strength { get; init; } = 1.0;

    /// <summary>The seeds of <c>variants:</c> (one output per seed); null when the spec has none.</summary>
    public IReadOnlyList<ulong>? Variants { get; init; }

    /// <summary>The axes of <c>sweep:</c>, in the order written; null when the spec has none.</summary>
    public IReadOnlyList<SweepAxis>? Sweep { get; init; }

    /// <summary>The axes the image wraps around (<c>tiling:</c>); <see cref="TilingAxes.None"/> for an ordinary image.</summary>
    public TilingAxes Tiling { get; init; } = TilingAxes.None;

    /// <summary>
    /// The LoRAs (<c>loras:</c>, else <c>defaults:</c>' ones; absolute paths) merged into the model
    /// after its entry's own, in this order; empty for none. They change the compiled model, and so
    /// its fingerprint and every key that uses it.
    /// </summary>
    public IReadOnlyList<CheckpointLora> Loras { get; init; } = [];

    /// <summary>The <c>post:</c> steps in order; empty when the spec has none.</summary>
    public IReadOnlyList<PostStepSpec> Post { get; init; } = [];

    /// <summary>For a sprite sheet (<c>sheet:</c>): its members and layout; null for a generated image.</summary>
    public SpriteSheetSpec? Sheet { get; init; }

    /// <summary>Where the asset is defined (the start of its mapping).</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>Where each field's value is, by field name (e.g. <c>prompt</c>), for later errors.</summary>
    public IReadOnlyDictionary<string, SourceLocation> FieldLocations { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>The location of <paramref name="field"/>'s value, or of the asset when the field came from defaults.</summary>
    public SourceLocation LocationOf(string field) =>
        FieldLocations.TryGetValue(field, out var location) ? location : Location;
}
