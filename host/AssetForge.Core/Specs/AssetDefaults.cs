namespace AssetForge.Core.Specs;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Diagnostics;

/// <summary>
/// assetforge.yaml's <c>defaults:</c>: values for fields a spec leaves out, each already type- and
/// range-checked. Null means "not set" (the built-in default applies). A field written in a spec
/// replaces the default as a whole; in particular a spec's <c>scheduler_options</c> replaces the
/// default options rather than merging with them, because options belong to one scheduler.
/// </summary>
public sealed record AssetDefaults
{
    /// <summary>No defaults.</summary>
    public static AssetDefaults None { get; } = new();

    /// <summary>Default model name.</summary>
    public string? Model { get; init; }

    /// <summary>Default negative prompt; null when <c>defaults:</c> has none (which is not the same as <c>""</c>).</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>Default seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Default steps.</summary>
    public int? Steps { get; init; }

    /// <summary>Default guidance scale.</summary>
    public double? Cfg { get; init; }

    /// <summary>Default scheduler.</summary>
    public string? Scheduler { get; init; }

    /// <summary>Default scheduler options.</summary>
    public SchedulerConfig? SchedulerOptions { get; init; }

    /// <summary>Default width.</summary>
    public int? Width { get; init; }

    /// <summary>Default height.</summary>
    public int? Height { get; init; }

    /// <summary>Default RNG kind.</summary>
    public string? Rng { get; init; }

    /// <summary>Default tiling axes.</summary>
    public TilingAxes? Tiling { get; init; }

    /// <summary>Default SDXL second negative prompt.</summary>
    public string? NegativePrompt2 { get; init; }

    /// <summary>Default SDXL <c>original_size</c>.</summary>
    public PixelSize? OriginalSize { get; init; }

    /// <summary>Default SDXL <c>crop_top_left</c>.</summary>
    public CropOffset? CropTopLeft { get; init; }

    /// <summary>Default SDXL <c>target_size</c>.</summary>
    public PixelSize? TargetSize { get; init; }

    /// <summary>Default LoRAs (absolute paths), merged after the model entry's; a spec's <c>loras:</c> replaces them.</summary>
    public IReadOnlyList<CheckpointLora>? Loras { get; init; }

    /// <summary>Where each default is written in assetforge.yaml, by field name (and <c>scheduler_options.NAME</c>).</summary>
    public IReadOnlyDictionary<string, SourceLocation> FieldLocations { get; init; } = new Dictionary<string, SourceLocation>();
}
