namespace AssetForge.Core.Specs;

/// <summary>
/// The values a field takes when neither the spec nor assetforge.yaml's <c>defaults:</c> sets it,
/// and the ranges every value must be in. Seed and prompt have no built-in default: a build must
/// say what it draws and from which seed.
/// </summary>
public static class BuiltinAssetDefaults
{
    /// <summary>The built-in model that draws (DESIGN §6): trained on 64×64 game icons, it runs anywhere without a download.</summary>
    public const string Model = "builtin:icons";

    /// <summary>Inference steps.</summary>
    public const int Steps = 20;

    /// <summary>Classifier-free guidance scale.</summary>
    public const double Cfg = 7.5;

    /// <summary>Scheduler id.</summary>
    public const string Scheduler = "euler";

    /// <summary>Width in pixels.</summary>
    public const int Width = 512;

    /// <summary>Height in pixels.</summary>
    public const int Height = 512;

    /// <summary>RNG kind (PyTorch's CPU generator, DESIGN §5).</summary>
    public const string Rng = "torch";

    /// <summary>Fewest inference steps.</summary>
    public const int MinSteps = 1;

    /// <summary>Most inference steps; more is a typo, not a setting.</summary>
    public const int MaxSteps = 1000;

    /// <summary>Smallest guidance scale (0 turns guidance off).</summary>
    public const double MinCfg = 0;

    /// <summary>Largest guidance scale.</summary>
    public const double MaxCfg = 50;

    /// <summary>Smallest width or height.</summary>
    public const int MinSize = 8;

    /// <summary>Largest width or height.</summary>
    public const int MaxSize = 4096;

    /// <summary>Width and height must be multiples of this (the VAE's downsampling factor).</summary>
    public const int SizeMultiple = 8;
}
