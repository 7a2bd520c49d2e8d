namespace AssetForge.Core.Specs;

/// <summary>The field names of an asset spec, exactly as written in YAML (DESIGN §3).</summary>
public static class AssetFields
{
    /// <summary><c>id</c>.</summary>
    public const string Id = "id";

    /// <summary><c>output</c>.</summary>
    public const string Output = "output";

    /// <summary><c>model</c>.</summary>
    public const string Model = "model";

    /// <summary><c>prompt</c>.</summary>
    public const string Prompt = "prompt";

    /// <summary><c>negative_prompt</c>.</summary>
    public const string NegativePrompt = "negative_prompt";

    /// <summary><c>seed</c>.</summary>
    public const string Seed = "seed";

    /// <summary><c>steps</c>.</summary>
    public const string Steps = "steps";

    /// <summary><c>cfg</c>.</summary>
    public const string Cfg = "cfg";

    /// <summary><c>scheduler</c>.</summary>
    public const string Scheduler = "scheduler";

    /// <summary><c>scheduler_options</c>; each option's location is recorded as <c>scheduler_options.NAME</c>.</summary>
    public const string SchedulerOptions = "scheduler_options";

    /// <summary><c>width</c>.</summary>
    public const string Width = "width";

    /// <summary><c>height</c>.</summary>
    public const string Height = "height";

    /// <summary><c>rng</c>.</summary>
    public const string Rng = "rng";

    /// <summary><c>init_image</c>: img2img source, relative to the spec file's folder (else to the project).</summary>
    public const string InitImage = "init_image";

    /// <summary><c>strength</c>: how much of the schedule img2img runs, (0, 1].</summary>
    public const string Strength = "strength";

    /// <summary><c>variants</c>: <c>{ seeds: [..] }</c> or <c>{ count: N }</c>.</summary>
    public const string Variants = "variants";

    /// <summary><c>sweep</c>: a matrix over <see cref="SweepAxis.Fields"/>.</summary>
    public const string Sweep = "sweep";

    /// <summary><c>tiling</c>: <c>true</c>, <c>x</c>, <c>y</c> or <c>false</c>: the axes the image wraps around.</summary>
    public const string Tiling = "tiling";

    /// <summary><c>loras</c>: <c>[ { file, scale } ]</c>, merged into a compiled checkpoint after the model entry's own LoRAs.</summary>
    public const string Loras = "loras";

    /// <summary><c>prompt_2</c>: SDXL's prompt for its second text encoder (default: the prompt).</summary>
    public const string Prompt2 = "prompt_2";

    /// <summary><c>negative_prompt_2</c>: SDXL's negative prompt for its second text encoder (default: the negative prompt).</summary>
    public const string NegativePrompt2 = "negative_prompt_2";

    /// <summary><c>original_size</c>: SDXL's size conditioning, <c>WIDTHxHEIGHT</c> (default: the image's size).</summary>
    public const string OriginalSize = "original_size";

    /// <summary><c>crop_top_left</c>: SDXL's crop conditioning, <c>[top, left]</c> in pixels (default: <c>[0, 0]</c>).</summary>
    public const string CropTopLeft = "crop_top_left";

    /// <summary><c>target_size</c>: SDXL's target-size conditioning, <c>WIDTHxHEIGHT</c> (default: the image's size).</summary>
    public const string TargetSize = "target_size";

    /// <summary><c>post</c>: a list of post steps, each a cached stage (DESIGN §3, §4).</summary>
    public const string Post = "post";

    /// <summary><c>sheet</c>: the asset is a sprite sheet packed from other assets' outputs.</summary>
    public const string Sheet = "sheet";

    /// <summary>Every field a spec may set, in the order DESIGN §3 lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Id, Output, Model, Prompt, NegativePrompt, Seed, Steps, Cfg, Scheduler, SchedulerOptions, Width, Height, Rng, InitImage, Strength, Variants, Sweep, Tiling, Loras, Post, Sheet, Prompt2, NegativePrompt2, OriginalSize, CropTopLeft, TargetSize];

    /// <summary>The fields assetforge.yaml's <c>defaults:</c> may set (everything but id, output and prompt, which are per asset).</summary>
    public static IReadOnlyList<string> Defaultable { get; } =
        [Model, NegativePrompt, Seed, Steps, Cfg, Scheduler, SchedulerOptions, Width, Height, Rng, Tiling, Loras, NegativePrompt2, OriginalSize, CropTopLeft, TargetSize];

    /// <summary>Fields DESIGN §3 describes that this version refuses with "not supported yet" rather than ignoring.</summary>
    public static IReadOnlyList<string> NotSupportedYet { get; } = [];

    /// <summary>The key under which <see cref="AssetSpec.FieldLocations"/> records a scheduler option's location.</summary>
    public static string SchedulerOptionKey(string optionName) => SchedulerOptions + "." + optionName;
}
