namespace AssetForge.Core.Specs;

using AssetForge.Abstractions.Models;
using AssetForge.Abstractions.Scheduling;
using AssetForge.Core.Diagnostics;

/// <summary>The fields read from one mapping (a spec or <c>defaults:</c>), each null when absent or invalid.</summary>
internal sealed class AssetFieldValues
{
    public string? Id { get; set; }

    public string? Output { get; set; }

    public string? Model { get; set; }

    public string? Prompt { get; set; }

    public string? NegativePrompt { get; set; }

    public ulong? Seed { get; set; }

    public int? Steps { get; set; }

    public double? Cfg { get; set; }

    public string? Scheduler { get; set; }

    public SchedulerConfig? SchedulerOptions { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public string? Rng { get; set; }

    public string? InitImage { get; set; }

    public double? Strength { get; set; }

    public IReadOnlyList<ulong>? Variants { get; set; }

    public int? VariantCount { get; set; }

    public IReadOnlyList<SweepAxis>? Sweep { get; set; }

    public TilingAxes? Tiling { get; set; }

    public string? Prompt2 { get; set; }

    public string? NegativePrompt2 { get; set; }

    public PixelSize? OriginalSize { get; set; }

    public CropOffset? CropTopLeft { get; set; }

    public PixelSize? TargetSize { get; set; }

    /// <summary>The LoRAs as written (paths not yet resolved).</summary>
    public IReadOnlyList<WrittenLora>? Loras { get; set; }

    public IReadOnlyList<PostStepSpec>? Post { get; set; }

    public SpriteSheetSpec? Sheet { get; set; }

    /// <summary>Where each field's value is (written fields only), plus <c>scheduler_options.NAME</c> keys.</summary>
    public Dictionary<string, SourceLocation> Locations { get; } = new(StringComparer.Ordinal);

    /// <summary>The values as <c>defaults:</c>.</summary>
    public AssetDefaults ToDefaults() => new()
    {
        Model = Model,
        NegativePrompt = NegativePrompt,
        Seed = Seed,
        Steps = Steps,
        Cfg = Cfg,
        Scheduler = Scheduler,
        SchedulerOptions = SchedulerOptions,
        Width = Width,
        Height = Height,
        Rng = Rng,
        Tiling = Tiling,
        NegativePrompt2 = NegativePrompt2,
        OriginalSize = OriginalSize,
        CropTopLeft = CropTopLeft,
        TargetSize = TargetSize,
        FieldLocations = Locations,
    };
}
