namespace AssetForge.Core.Diagnostics;

using AssetForge.Abstractions.Plugins;
using AssetForge.Core.Specs;

/// <summary>
/// The spec field a run-time failure is about, so that an error found while generating points at
/// the line to fix (<c>init_image:</c>, <c>tiling:</c>, <c>model:</c>) instead of the asset's first
/// line. A plugin that knows better says so with <see cref="PluginException.Field"/>; otherwise the
/// code decides, here and nowhere else.
/// </summary>
public static class FieldAtFault
{
    /// <summary>The field a plugin's failure is about, or null when no field is.</summary>
    /// <param name="exception">What the plugin threw.</param>
    public static string? Of(PluginException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return string.IsNullOrWhiteSpace(exception.Field) ? OfCode(exception.Code) : exception.Field;
    }

    /// <summary>The field a failure with this code is about, or null when no one field is.</summary>
    /// <param name="code">A diagnostic code.</param>
    public static string? OfCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);

        // The execution provider is chosen per build, not per asset; an unusable one is reported at
        // the asset's model, the nearest line the asset itself has.
        if (Is(code, DiagnosticCode.ModelUnavailable) || Is(code, DiagnosticCode.UnsupportedModelGraph) ||
            Is(code, DiagnosticCode.InvalidModelFolder) || Is(code, DiagnosticCode.InvalidTokenizer) ||
            Is(code, DiagnosticCode.BadModelSchedulerConfig) || Is(code, DiagnosticCode.InvalidPrecision))
        {
            return AssetFields.Model;
        }

        if (Is(code, DiagnosticCode.TilingUnsupported))
        {
            return AssetFields.Tiling;
        }

        if (Is(code, DiagnosticCode.ModelLacksVaeEncoder) || Is(code, DiagnosticCode.UnreadableImage) || Is(code, DiagnosticCode.InvalidInitImage))
        {
            return AssetFields.InitImage;
        }

        if (Is(code, DiagnosticCode.UnschedulableSteps))
        {
            return AssetFields.Steps;
        }

        if (Is(code, DiagnosticCode.InvalidSchedulerConfig))
        {
            return AssetFields.SchedulerOptions;
        }

        if (Is(code, DiagnosticCode.WriteFailed))
        {
            return AssetFields.Output;
        }

        return null;
    }

    private static bool Is(string code, DiagnosticCode registered) => string.Equals(code, registered.Id, StringComparison.Ordinal);
}
