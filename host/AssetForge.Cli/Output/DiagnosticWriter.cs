namespace AssetForge.Cli.Output;

using AssetForge.Core.Diagnostics;

/// <summary>
/// Writes diagnostics to stderr in the <c>path(line,col): error AFnnnn: message</c> form, each
/// once, however many times the engine reports it (as it happens, and again in the summary).
/// </summary>
public sealed class DiagnosticWriter
{
    private readonly TextWriter _error;
    private readonly Verbosity _verbosity;
    private readonly HashSet<Diagnostic> _written = [];
    private readonly Lock _gate = new();

    /// <summary>Creates a writer over stderr.</summary>
    public DiagnosticWriter(TextWriter error, Verbosity verbosity)
    {
        _error = error;
        _verbosity = verbosity;
    }

    /// <summary>How many errors were written.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Writes <paramref name="diagnostic"/> unless it was already written or the verbosity hides it.</summary>
    public void Write(Diagnostic diagnostic)
    {
        if (!IsShown(diagnostic.Severity))
        {
            return;
        }

        lock (_gate)
        {
            if (!_written.Add(diagnostic))
            {
                return;
            }

            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                ErrorCount++;
            }

            _error.WriteLine(diagnostic.ToString());
        }
    }

    /// <summary>Writes each of <paramref name="diagnostics"/>.</summary>
    public void WriteAll(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Write(diagnostic);
        }
    }

    private bool IsShown(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => true,
        DiagnosticSeverity.Warning => _verbosity >= Verbosity.Minimal,
        _ => _verbosity >= Verbosity.Normal,
    };
}
