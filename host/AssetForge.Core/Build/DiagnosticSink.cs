namespace AssetForge.Core.Build;

using AssetForge.Core.Diagnostics;

/// <summary>Collects a build's diagnostics from any thread and forwards each to the observer as it happens.</summary>
internal sealed class DiagnosticSink
{
    private readonly IBuildObserver? _observer;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Lock _lock = new();

    public DiagnosticSink(IBuildObserver? observer) => _observer = observer;

    public void Report(Diagnostic diagnostic)
    {
        lock (_lock)
        {
            _diagnostics.Add(diagnostic);
        }

        _observer?.OnDiagnostic(diagnostic);
    }

    public void ReportAll(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Report(diagnostic);
        }
    }

    public bool HasErrors
    {
        get
        {
            lock (_lock)
            {
                return _diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error);
            }
        }
    }

    public IReadOnlyList<Diagnostic> ToList()
    {
        lock (_lock)
        {
            return [.. _diagnostics];
        }
    }
}
