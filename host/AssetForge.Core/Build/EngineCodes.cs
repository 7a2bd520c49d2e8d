namespace AssetForge.Core.Build;

/// <summary>
/// The engine's names for the codes it raises. Every value is a code of the one registry,
/// <see cref="DiagnosticCode"/>, which says what it means; these are constants so that they work
/// in attributes and switch labels, and a test checks each against the registry.
/// </summary>
public static class EngineCodes
{
    /// <summary>A spec names a scheduler no plugin provides.</summary>
    public const string UnknownScheduler = "AF1112";

    /// <summary>A spec names a model that is not configured, or no backend can run it.</summary>
    public const string ModelUnavailable = "AF3001";

    /// <summary>A plugin threw something other than a <see cref="Abstractions.Plugins.PluginException"/>.</summary>
    public const string PluginCrashed = "AF3002";

    /// <summary>A model's <c>scheduler/scheduler_config.json</c> cannot be read.</summary>
    public const string BadModelSchedulerConfig = "AF3010";

    /// <summary>The project's build state could not be read; it is rebuilt from the cache.</summary>
    public const string BadBuildState = "AF4004";

    /// <summary>An output or cache entry could not be written.</summary>
    public const string WriteFailed = "AF4005";

    /// <summary>A build was asked for an asset id no spec defines (bad usage: exit code 2).</summary>
    public const string UnknownAssetId = "AF4006";

    /// <summary>An asset is not in the cache and the build may not generate (<see cref="BuildOptions.NoGenerate"/>).</summary>
    public const string CacheMissWithGenerationOff = "AF4050";

    /// <summary>A post step names no step a loaded plugin provides.</summary>
    public const string UnknownPostStep = "AF1131";

    /// <summary>The output's extension does not match the format the post chain ends in.</summary>
    public const string OutputFormatMismatch = "AF1132";

    /// <summary>A post step failed on its input (e.g. a crop larger than the image).</summary>
    public const string PostStepFailed = "AF4110";

    /// <summary>A sprite sheet's member pattern matches no plannable asset.</summary>
    public const string SheetMemberNotFound = "AF1133";

    /// <summary>A sprite sheet could not be packed (a member failed, a frame wider than max_width).</summary>
    public const string SheetPackFailed = "AF4111";
}
