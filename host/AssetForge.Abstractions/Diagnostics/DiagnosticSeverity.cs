namespace AssetForge.Abstractions.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Informational; never fails anything.</summary>
    Info,

    /// <summary>Something the user should look at; the build goes on.</summary>
    Warning,

    /// <summary>The asset (or the whole build, for configuration errors) fails.</summary>
    Error,
}
