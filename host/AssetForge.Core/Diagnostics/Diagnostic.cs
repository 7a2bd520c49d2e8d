namespace AssetForge.Core.Diagnostics;

/// <summary>
/// A message for the user in the canonical MSBuild form
/// <c>path(line,col): error AF1234: message</c>, which MSBuild, VS Code and Rider list as errors.
/// </summary>
/// <param name="Code">The code, e.g. <c>AF1001</c>.</param>
/// <param name="Severity">Error, warning or info.</param>
/// <param name="Message">One sentence (or two) for the user; no stack trace.</param>
/// <param name="Location">Where, if known.</param>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, SourceLocation? Location = null)
{
    /// <summary>Creates an error.</summary>
    public static Diagnostic Error(string code, string message, SourceLocation? location = null) =>
        new(code, DiagnosticSeverity.Error, message, location);

    /// <summary>Creates a warning.</summary>
    public static Diagnostic Warning(string code, string message, SourceLocation? location = null) =>
        new(code, DiagnosticSeverity.Warning, message, location);

    /// <inheritdoc />
    public override string ToString()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return Location is { } where
            ? $"{where}: {severity} {Code}: {Message}"
            : $"assetforge: {severity} {Code}: {Message}";
    }
}
